import java.io.*;
import java.util.*;

class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = (int) readLong(in), q = (int) readLong(in);
        // prefix[k] = a_1 + ... + a_k, so a range sum is a difference of two prefixes.
        long[] prefix = new long[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + readLong(in);
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < q; k++) {
            int l = (int) readLong(in), r = (int) readLong(in);
            out.append(prefix[r] - prefix[l - 1]).append('\n');
        }
        System.out.print(out);
    }

    /** Reads the next (possibly negative) integer, skipping whitespace. */
    static long readLong(DataInputStream in) throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = in.read();
        boolean negative = c == '-';
        if (negative) c = in.read();
        long x = 0;
        while (c >= '0' && c <= '9') {
            x = x * 10 + (c - '0');
            c = in.read();
        }
        return negative ? -x : x;
    }
}
