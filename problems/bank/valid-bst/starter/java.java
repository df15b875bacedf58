import java.util.*;

class Solution {
    public static boolean isSearchTree(int[] tree) {
        // TODO: write your solution here
        return false;
    }
}
