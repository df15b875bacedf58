class Solution {
    public static int[] waitForGreater(int[] values) {
        // Positions still waiting for a greater value form a stack with non-increasing values.
        int[] result = new int[values.length];
        int[] waiting = new int[values.length];
        int top = 0;
        for (int j = 0; j < values.length; j++) {
            while (top > 0 && values[waiting[top - 1]] < values[j]) {
                int i = waiting[--top];
                result[i] = j - i;
            }
            waiting[top++] = j;
        }
        return result;
    }
}
