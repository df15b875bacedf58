import java.util.*;

class Solution {
    public static int treeDepth(int[] tree) {
        // TODO: write your solution here
        return 0;
    }
}
