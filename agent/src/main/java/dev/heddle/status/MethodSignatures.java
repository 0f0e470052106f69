package dev.heddle.status;

/**
 * Writes a woven method's signature as a person reads it: {@code com.example.Bot:answer(Ljava/lang/String;I)Ljava/lang/String;}
 * becomes {@code com.example.Bot.answer(String, int)}.
 */
final class MethodSignatures {

    private MethodSignatures() {
    }

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @return the type, the method and its parameter types (simple names); the signature itself when it is not one
     */
    static String readable(String signature) {
        int colon = signature.indexOf(':');
        int open = signature.indexOf('(', colon + 1);
        int close = signature.indexOf(')', open + 1);
        if (colon < 0 || open < 0 || close < 0) return signature;
        StringBuilder readable = new StringBuilder(signature.length());
        readable.append(signature, 0, colon).append('.').append(signature, colon + 1, open).append('(');
        int at = open + 1;
        boolean first = true;
        while (at < close) {
            int dimensions = 0;
            while (signature.charAt(at) == '[') {
                dimensions++;
                at++;
            }
            String type;
            if (signature.charAt(at) == 'L') {
                int end = signature.indexOf(';', at);
                if (end < 0 || end > close) return signature;
                String binaryName = signature.substring(at + 1, end);
                type = binaryName.substring(binaryName.lastIndexOf('/') + 1).replace('$', '.');
                at = end + 1;
            } else {
                type = primitive(signature.charAt(at));
                if (type == null) return signature;
                at++;
            }
            readable.append(first ? "" : ", ").append(type).append("[]".repeat(dimensions));
            first = false;
        }
        return readable.append(')').toString();
    }

    private static String primitive(char code) {
        return switch (code) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> null;
        };
    }
}
