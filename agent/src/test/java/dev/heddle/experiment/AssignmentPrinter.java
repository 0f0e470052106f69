package dev.heddle.experiment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * Run in a JVM of its own by {@link AssignmentAcrossJvmsTest}: prints the variant of users
 * {@code user-0} to {@code user-(count-1)}, one a line.
 *
 * <p>Arguments: the seed, the coverage, the number of users, then the weights.
 */
final class AssignmentPrinter {

    private AssignmentPrinter() {
    }

    public static void main(String[] args) throws IOException {
        String seed = args[0];
        double coverage = Double.parseDouble(args[1]);
        int count = Integer.parseInt(args[2]);
        double[] weights = new double[args.length - 3];
        for (int i = 0; i < weights.length; i++) weights[i] = Double.parseDouble(args[3 + i]);

        VariantAssigner assigner = new VariantAssigner(seed, weights, coverage);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            out.write(Integer.toString(assigner.assign("user-" + i)));
            out.newLine();
        }
        out.flush();
    }
}
