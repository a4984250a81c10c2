package io.conduit.server.files;

import io.conduit.api.FileConnection.Entry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket and key prefix (the AWS SDK's S3 client over the JDK's HTTP), or an S3-compatible
 * server's with {@code endpoint}. A path is a key: {@code /prefix/in/a.csv} is the key
 * {@code prefix/in/a.csv}; folders are the keys' {@code /}. An object appears whole when its upload
 * completes, so a write needs no temporary name. The login is a basic security definition: its user
 * the access key id, its password the secret key; without one, the SDK's default chain (environment,
 * the machine's role).
 */
final class S3Files implements FileServer {

    private final S3Client s3;
    private final String bucket;

    private S3Files(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static S3Files connect(FileAddress address, FileLogin login, Duration timeout) {
        if (login.privateKey() != null) {
            throw new FileServerException(FileServerException.Why.LOGIN, "an S3 bucket takes an access key: name a basic"
                    + " security definition (user: the access key id, password: the secret key), not an ssh-key one");
        }
        AwsCredentialsProvider credentials = login.user() == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(login.user(),
                login.password() == null ? "" : login.password().reveal()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout)
                        .socketTimeout(timeout.compareTo(Duration.ofSeconds(30)) > 0 ? timeout : Duration.ofSeconds(30)))
                .credentialsProvider(credentials)
                // checksums only where S3 asks for them: S3-compatible servers refuse the SDK's newer trailing ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.of(address.options().getOrDefault("region", "us-east-1")));
        String endpoint = address.options().get("endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return new S3Files(builder.build(), address.host());
    }

    private static String key(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private interface Call<T> {
        T run();
    }

    /** Runs a call, its failure as the IOException the other servers give, with S3's own words. */
    private static <T> T s3(String what, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException e) {
            throw new FileNotFoundException(what + ": there is no such file");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new FileNotFoundException(what + ": there is no such file or bucket");
            }
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new IOException(what + ": S3 answered " + e.statusCode() + (code == null ? "" : " " + code)
                    + (e.statusCode() == 403 ? " (the access key is refused or lacks the right)" : ""), e);
        } catch (SdkClientException e) {
            throw new IOException(what + ": could not reach S3: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        String prefix = key(folder).isEmpty() ? "" : key(folder) + "/";
        List<Entry> entries = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/");
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = s3("list " + folder, () -> s3.listObjectsV2(request.build()));
            for (S3Object o : page.contents()) {
                String name = o.key().substring(prefix.length());
                if (!name.isEmpty()) {
                    entries.add(new Entry(name, "/" + o.key(), o.size(), o.lastModified(), false));
                }
            }
            for (CommonPrefix p : page.commonPrefixes()) {
                String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
                entries.add(new Entry(name, "/" + prefix + name, 0, Instant.EPOCH, true));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    @Override
    public Entry stat(String path) throws IOException {
        try {
            HeadObjectResponse head = s3("stat " + path, () -> s3.headObject(b -> b.bucket(bucket).key(key(path))));
            return new Entry(FileServer.nameOf(path), path, head.contentLength(), head.lastModified(), false);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        return s3("read " + path, () -> s3.getObject(b -> b.bucket(bucket).key(key(path))));
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        // S3 wants a length up front: the content goes to a temporary file first, never whole into memory
        Path staged = Files.createTempFile("conduit-s3-", ".part");
        try {
            Files.copy(content, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            s3("write " + path, () -> s3.putObject(b -> b.bucket(bucket).key(key(path)), RequestBody.fromFile(staged)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        s3("move " + from + " to " + to, () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key(from))
                .destinationBucket(bucket).destinationKey(key(to))));
        delete(from);
    }

    @Override
    public void delete(String path) throws IOException {
        if (stat(path) == null) {
            throw new FileNotFoundException("delete " + path + ": there is no such file");
        }
        s3("delete " + path, () -> s3.deleteObject(b -> b.bucket(bucket).key(key(path))));
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public void close() {
        s3.close();
    }
}
