package io.conduit.server.files;

import io.conduit.api.FileConnection.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** A folder on this node's own disk ({@code file:///...}). */
final class LocalFiles implements FileServer {

    @Override
    public List<Entry> list(String folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> in = Files.newDirectoryStream(Path.of(folder))) {
            for (Path p : in) {
                Entry e = entry(p);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    @Override
    public Entry stat(String path) throws IOException {
        return entry(Path.of(path));
    }

    private static Entry entry(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Entry(p.getFileName() == null ? "/" : p.getFileName().toString(), p.toString(),
                    a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(), a.isDirectory());
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        return Files.newInputStream(Path.of(path));
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        Path target = Path.of(path);
        Path part = Path.of(FileServer.partName(path, UUID.randomUUID().toString()));
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        try {
            Files.copy(content, part);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = Path.of(to);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.move(Path.of(from), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String path) throws IOException {
        Files.delete(Path.of(path));
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public void close() {
    }
}
