package io.conduit.server.deploy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file names in its constant pool: the classes it uses, the types in its
 * descriptors and signatures, and string constants that read as class names (what
 * {@code Class.forName("...")} would be given). Read without loading anything.
 */
final class ClassReferences {

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");
    private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

    private ClassReferences() {
    }

    /**
     * @param classFile a class file's bytes
     * @return the binary names (dotted) of the classes it refers to, in the order met
     * @throws IOException if the bytes are not a class file
     */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        BitSet classNames = new BitSet(count);
        BitSet stringConstants = new BitSet(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.set(in.readUnsignedShort());
                case 8 -> stringConstants.set(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            String s = utf8[i];
            if (s == null) {
                continue;
            }
            if (classNames.get(i)) {
                if (s.startsWith("[")) {
                    addDescriptorTypes(s, names);
                } else {
                    names.add(s.replace('/', '.'));
                }
            } else if (stringConstants.get(i)) {
                if (DOTTED_NAME.matcher(s).matches()) {
                    names.add(s);
                }
            } else {
                addDescriptorTypes(s, names);
            }
        }
        return names;
    }

    private static void addDescriptorTypes(String descriptor, Set<String> names) {
        Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
        while (m.find()) {
            names.add(m.group(1).replace('/', '.'));
        }
    }
}
