import java.util.*;

class Solution {
    public static int[] mergeSorted(int[] a, int[] b) {
        // TODO: write your solution here
        return null;
    }
}
