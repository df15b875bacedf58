import java.io.*;
import java.util.*;

class Main {
    /** LinkedHashMap in access order evicts its eldest entry once it grows past the capacity. */
    static final class Lru extends LinkedHashMap<Integer, Integer> {
        private final int capacity;

        Lru(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > capacity;
        }
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        StringTokenizer st = new StringTokenizer(in.readLine());
        int capacity = Integer.parseInt(st.nextToken()), q = Integer.parseInt(st.nextToken());
        Lru cache = new Lru(capacity);
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < q; k++) {
            st = new StringTokenizer(in.readLine());
            String cmd = st.nextToken();
            int key = Integer.parseInt(st.nextToken());
            if (cmd.equals("GET")) {
                Integer value = cache.get(key);
                out.append(value == null ? -1 : value).append('\n');
            } else {
                cache.put(key, Integer.parseInt(st.nextToken()));
            }
        }
        System.out.print(out);
    }
}
