import java.io.*;
import java.util.*;

class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), m = readInt(in);
        int[] from = new int[m], to = new int[m], w = new int[m];
        int[] start = new int[n + 2];
        for (int k = 0; k < m; k++) {
            from[k] = readInt(in);
            to[k] = readInt(in);
            w[k] = readInt(in);
            start[from[k] + 1]++;
        }
        // Roads grouped by their first junction (compressed adjacency).
        for (int a = 1; a <= n + 1; a++) start[a] += start[a - 1];
        int[] fill = start.clone(), adjTo = new int[m], adjW = new int[m];
        for (int k = 0; k < m; k++) {
            int slot = fill[from[k]]++;
            adjTo[slot] = to[k];
            adjW[slot] = w[k];
        }
        // Dijkstra: settle junctions in order of distance; stale heap entries are skipped.
        long[] dist = new long[n + 1];
        Arrays.fill(dist, -1);
        PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong(e -> e[0]));
        heap.add(new long[] {0, 1});
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int a = (int) top[1];
            if (dist[a] != -1) continue;
            dist[a] = top[0];
            for (int k = start[a]; k < start[a + 1]; k++) {
                if (dist[adjTo[k]] == -1) heap.add(new long[] {top[0] + adjW[k], adjTo[k]});
            }
        }
        StringBuilder out = new StringBuilder();
        for (int a = 1; a <= n; a++) {
            if (a > 1) out.append(' ');
            out.append(dist[a]);
        }
        System.out.println(out);
    }

    static int readInt(DataInputStream in) throws IOException {
        int c = in.read();
        while (c != -1 && (c < '0' || c > '9')) c = in.read();
        int x = 0;
        while (c >= '0' && c <= '9') {
            x = x * 10 + (c - '0');
            c = in.read();
        }
        return x;
    }
}
