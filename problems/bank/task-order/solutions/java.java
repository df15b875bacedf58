import java.io.*;
import java.util.*;

class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), m = readInt(in);
        int[] from = new int[m], to = new int[m];
        int[] start = new int[n + 2], waitingFor = new int[n + 1];
        for (int k = 0; k < m; k++) {
            from[k] = readInt(in);
            to[k] = readInt(in);
            start[from[k] + 1]++;
            waitingFor[to[k]]++;
        }
        // Adjacency in compressed form: rules grouped by their first task.
        for (int t = 1; t <= n + 1; t++) start[t] += start[t - 1];
        int[] fill = start.clone(), next = new int[m];
        for (int k = 0; k < m; k++) next[fill[from[k]]++] = to[k];
        // Kahn's algorithm with a min-heap: always do the smallest task that is ready.
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int t = 1; t <= n; t++) if (waitingFor[t] == 0) ready.add(t);
        StringBuilder out = new StringBuilder();
        int done = 0;
        while (!ready.isEmpty()) {
            int t = ready.poll();
            if (done++ > 0) out.append(' ');
            out.append(t);
            for (int k = start[t]; k < start[t + 1]; k++) {
                if (--waitingFor[next[k]] == 0) ready.add(next[k]);
            }
        }
        System.out.println(done == n ? out : "IMPOSSIBLE");
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
