import java.util.*;

class Solution {
    public static int[] waitForGreater(int[] values) {
        // TODO: write your solution here
        return null;
    }
}
