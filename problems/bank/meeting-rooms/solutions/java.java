import java.io.*;
import java.util.*;

class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in);
        long[] meetings = new long[n];
        for (int i = 0; i < n; i++) {
            long start = readInt(in), end = readInt(in);
            meetings[i] = (start << 31) | end; // sorts by start, then end
        }
        Arrays.sort(meetings);
        // Min-heap of end times of the rooms in use; reuse the room that frees up first.
        PriorityQueue<Integer> ends = new PriorityQueue<>();
        for (long m : meetings) {
            int start = (int) (m >>> 31), end = (int) (m & ((1L << 31) - 1));
            if (!ends.isEmpty() && ends.peek() <= start) ends.poll();
            ends.add(end);
        }
        System.out.println(ends.size());
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
