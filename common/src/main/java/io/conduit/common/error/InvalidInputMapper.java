package io.conduit.common.error;

/** A caller's input that cannot be used: 400, saying which field and why. */
public final class InvalidInputMapper extends ErrorMapper<InvalidInputException> {

    @Override
    protected int status(InvalidInputException failure) {
        return 400;
    }
}
