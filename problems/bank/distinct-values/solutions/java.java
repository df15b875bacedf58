import java.io.*;
import java.util.*;

class Main {
    public static void main(String[] args) throws IOException {
        StreamTokenizer in = new StreamTokenizer(new BufferedReader(new InputStreamReader(System.in)));
        in.resetSyntax();
        in.wordChars('-', '-');
        in.wordChars('0', '9');
        in.whitespaceChars(0, ' ');
        in.nextToken();
        int n = Integer.parseInt(in.sval);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            in.nextToken();
            a[i] = Integer.parseInt(in.sval);
        }
        // Sorting groups equal values; scanning in ascending order keeps the smallest on ties.
        Arrays.sort(a);
        int distinct = 0, bestValue = 0, bestCount = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && a[j] == a[i]) j++;
            distinct++;
            if (j - i > bestCount) {
                bestCount = j - i;
                bestValue = a[i];
            }
            i = j;
        }
        System.out.println(distinct + "\n" + bestValue + " " + bestCount);
    }
}
