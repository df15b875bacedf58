import java.util.*;

class Solution {
    public static int countIslands(String[] grid) {
        // TODO: write your solution here
        return 0;
    }
}
