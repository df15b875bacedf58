import java.util.*;

class Solution {
    public static int[] mergeLists(int[][] lists) {
        // TODO: write your solution here
        return null;
    }
}
