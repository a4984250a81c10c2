package io.conduit.common.error;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;

/** Input that breaks a declared constraint (Bean Validation): 400, listing what is wrong. */
public final class ConstraintViolationMapper extends ErrorMapper<ConstraintViolationException> {

    @Override
    protected int status(ConstraintViolationException failure) {
        return 400;
    }

    @Override
    protected String message(ConstraintViolationException failure, String cid) {
        return failure.getConstraintViolations().stream().map(ConstraintViolation::getMessage).sorted()
                .collect(Collectors.joining("; "));
    }
}
