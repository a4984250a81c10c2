package io.conduit.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an operator writes as a file server's address, and what is refused, saying why. */
class FileAddressTest {

    @Test
    void sftpAndLocalAddressesAreReadWithTheirDefaults() {
        assertThat(FileAddress.parse("sftp://files.example.com/upload/"))
                .isEqualTo(new FileAddress("sftp", "files.example.com", 22, "/upload"));
        assertThat(FileAddress.parse("sftp://10.0.0.5:2222")).isEqualTo(new FileAddress("sftp", "10.0.0.5", 2222, "/"));
        assertThat(FileAddress.parse(" file:///var/drop ")).isEqualTo(new FileAddress("file", null, 0, "/var/drop"));
        assertThat(FileAddress.parse("sftp://h:2222/up").toString()).isEqualTo("sftp://h:2222/up");
        assertThat(FileAddress.parse("ftp://h/pub")).isEqualTo(new FileAddress("ftp", "h", 21, "/pub"));
        FileAddress bucket = FileAddress.parse("s3://reports/daily?region=eu-west-1&endpoint=http://127.0.0.1:9000");
        assertThat(bucket.host()).isEqualTo("reports");
        assertThat(bucket.folder()).isEqualTo("/daily");
        assertThat(bucket.options()).containsEntry("region", "eu-west-1").containsEntry("endpoint", "http://127.0.0.1:9000");
        assertThat(bucket.resolve("in/a.csv")).isEqualTo("/daily/in/a.csv");
    }

    @Test
    void pathsResolveAgainstTheFolderUnlessAbsolute() {
        FileAddress a = FileAddress.parse("sftp://h/upload");
        assertThat(a.resolve("in/a.csv")).isEqualTo("/upload/in/a.csv");
        assertThat(a.resolve("/archive/a.csv")).isEqualTo("/archive/a.csv");
        assertThat(a.resolve("")).isEqualTo("/upload");
        assertThat(FileAddress.parse("file:///").resolve("a.csv")).isEqualTo("/a.csv");
    }

    @Test
    void badAddressesAreRefusedSayingWhatToWrite() {
        assertThatThrownBy(() -> FileAddress.parse("sftp://bob:secret@h/up")).hasMessageContaining(
                "must not hold a user or password").hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> FileAddress.parse("file://var/drop")).hasMessageContaining("three slashes");
        assertThatThrownBy(() -> FileAddress.parse("smb://h/share")).hasMessageContaining(FileAddress.FORMS);
        assertThatThrownBy(() -> FileAddress.parse("sftp:///nohost")).hasMessageContaining("must name a server");
        assertThatThrownBy(() -> FileAddress.parse("s3://b/p?acl=public")).hasMessageContaining("region=...&endpoint=...");
        assertThatThrownBy(() -> FileAddress.parse("s3://b?endpoint=ftp://x")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> FileAddress.parse("sftp://h/p?x=1")).hasMessageContaining("takes no ?options");
    }
}
