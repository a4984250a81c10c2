package io.conduit.testing;

import io.conduit.api.Mail;
import io.conduit.api.MailConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake outgoing SMTP connection: it takes every mail as a server would and keeps it for the test.
 *
 * <pre>{@code
 * assertThat(harness.mail("Notify").sent()).singleElement().satisfies(m -> assertThat(m.subject()).startsWith("Re:"));
 * }</pre>
 */
public final class FakeMail implements MailConnection {

    private final String name;
    private final List<Mail> sent = new CopyOnWriteArrayList<>();

    FakeMail(String name) {
        this.name = name;
    }

    /** @return the connection's name */
    public String name() {
        return name;
    }

    /** @return every mail sent, in order */
    public List<Mail> sent() {
        return List.copyOf(sent);
    }

    @Override
    public String send(Mail mail) {
        sent.add(mail);
        return "<" + sent.size() + "." + name + "@conduit.test>";
    }

    void reset() {
        sent.clear();
    }
}
