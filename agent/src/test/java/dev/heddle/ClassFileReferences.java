package dev.heddle;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * What one compiled class refers to, read from its constant pool: the classes it names, and the
 * methods it calls, as {@code owner.name} (such as {@code java/io/ObjectInputStream.<init>}). Enough
 * to tell a class that deserializes (constructs an {@code ObjectInputStream}) from one that merely
 * guards its own serialized form with a {@code readObject} method. Also used by it-tests.
 */
public final class ClassFileReferences {

    private final Set<String> classes;
    private final Set<String> methods;

    private ClassFileReferences(Set<String> classes, Set<String> methods) {
        this.classes = classes;
        this.methods = methods;
    }

    /**
     * @param classFile the bytes of a {@code .class} file
     * @return what it refers to
     * @throws IOException when the bytes are not a class file
     */
    public static ClassFileReferences of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] memberRefs = new int[count][];
        int[][] nameAndTypes = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                case 9, 10, 11 -> memberRefs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> classes = new HashSet<>();
        Set<String> methods = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNames[i] != 0) classes.add(utf8[classNames[i]]);
            if (memberRefs[i] != null && memberRefs[i][0] != 9) {
                String owner = utf8[classNames[memberRefs[i][1]]];
                String name = utf8[nameAndTypes[memberRefs[i][2]][0]];
                methods.add(owner + "." + name);
            }
        }
        return new ClassFileReferences(classes, methods);
    }

    /** @return the internal names of the classes it names, such as {@code java/io/ObjectInputStream} */
    public Set<String> classes() {
        return classes;
    }

    /** @return the methods it calls, as {@code owner.name} */
    public Set<String> methods() {
        return methods;
    }

    /** @return whether it deserializes: constructs an {@code ObjectInputStream} or an {@code XMLDecoder} */
    public boolean deserializes() {
        return methods.contains("java/io/ObjectInputStream.<init>") || methods.contains("java/beans/XMLDecoder.<init>");
    }
}
