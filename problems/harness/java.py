# ruff: noqa: E501  (the Java source below keeps its own line lengths)
"""Java harnesses (javac/java 17): Solution.java is the candidate's file as written."""

from __future__ import annotations

import os

from ..model import Problem, camel
from . import Program, fill

JAVA_TYPES = {
    "int": "int",
    "long": "long",
    "double": "double",
    "bool": "boolean",
    "string": "String",
    "int[]": "int[]",
    "long[]": "long[]",
    "double[]": "double[]",
    "string[]": "String[]",
    "bool[]": "boolean[]",
    "int[][]": "int[][]",
    "string[][]": "String[][]",
}
# JSON value (Long, Double, String, Boolean, List) -> Java value of the declared type
CONVERT = {
    "int": "J.toInt({v})",
    "long": "J.toLong({v})",
    "double": "J.toDouble({v})",
    "bool": "(Boolean) {v}",
    "string": "(String) {v}",
    "int[]": "J.ints({v})",
    "long[]": "J.longs({v})",
    "double[]": "J.doubles({v})",
    "string[]": "J.strings({v})",
    "bool[]": "J.bools({v})",
    "int[][]": "J.ints2({v})",
    "string[][]": "J.strings2({v})",
}

MAIN = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Main {
    static final class J {
        final String s; int i;
        J(String s) { this.s = s; }
        static Object parse(String s) { J p = new J(s); p.ws(); return p.value(); }
        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        Object value() {
            char c = s.charAt(i);
            if (c == '[') {
                i++; List<Object> out = new ArrayList<>(); ws();
                if (s.charAt(i) == ']') { i++; return out; }
                while (true) { ws(); out.add(value()); ws(); char d = s.charAt(i++); if (d == ']') return out; }
            }
            if (c == '"') {
                i++; StringBuilder b = new StringBuilder();
                while (true) {
                    char d = s.charAt(i++);
                    if (d == '"') return b.toString();
                    if (d != '\\') { b.append(d); continue; }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break; case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break; case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                }
            }
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int st = i; boolean real = false;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                char d = s.charAt(i++); if (d == '.' || d == 'e' || d == 'E') real = true;
            }
            String num = s.substring(st, i);
            return real ? (Object) Double.parseDouble(num) : (Object) Long.parseLong(num);
        }
        @SuppressWarnings("unchecked") static List<Object> list(Object v) { return (List<Object>) v; }
        static int toInt(Object v) { return ((Number) v).intValue(); }
        static long toLong(Object v) { return ((Number) v).longValue(); }
        static double toDouble(Object v) { return ((Number) v).doubleValue(); }
        static int[] ints(Object v) { List<Object> l = list(v); int[] a = new int[l.size()]; for (int k = 0; k < a.length; k++) a[k] = toInt(l.get(k)); return a; }
        static long[] longs(Object v) { List<Object> l = list(v); long[] a = new long[l.size()]; for (int k = 0; k < a.length; k++) a[k] = toLong(l.get(k)); return a; }
        static double[] doubles(Object v) { List<Object> l = list(v); double[] a = new double[l.size()]; for (int k = 0; k < a.length; k++) a[k] = toDouble(l.get(k)); return a; }
        static boolean[] bools(Object v) { List<Object> l = list(v); boolean[] a = new boolean[l.size()]; for (int k = 0; k < a.length; k++) a[k] = (Boolean) l.get(k); return a; }
        static String[] strings(Object v) { List<Object> l = list(v); String[] a = new String[l.size()]; for (int k = 0; k < a.length; k++) a[k] = (String) l.get(k); return a; }
        static int[][] ints2(Object v) { List<Object> l = list(v); int[][] a = new int[l.size()][]; for (int k = 0; k < a.length; k++) a[k] = ints(l.get(k)); return a; }
        static String[][] strings2(Object v) { List<Object> l = list(v); String[][] a = new String[l.size()][]; for (int k = 0; k < a.length; k++) a[k] = strings(l.get(k)); return a; }

        static void str(StringBuilder b, String v) {
            b.append('"');
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            b.append('"');
        }
        static void dbl(StringBuilder b, double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) b.append("null"); else b.append(d);
        }
        static void out(StringBuilder b, Object v) {
            if (v == null) { b.append("null"); return; }
            if (v instanceof String) { str(b, (String) v); return; }
            if (v instanceof Double || v instanceof Float) { dbl(b, ((Number) v).doubleValue()); return; }
            if (v instanceof Number || v instanceof Boolean) { b.append(v); return; }
            if (v instanceof Character) { str(b, v.toString()); return; }
            if (v instanceof int[]) { int[] a = (int[]) v; b.append('['); for (int k = 0; k < a.length; k++) { if (k > 0) b.append(','); b.append(a[k]); } b.append(']'); return; }
            if (v instanceof long[]) { long[] a = (long[]) v; b.append('['); for (int k = 0; k < a.length; k++) { if (k > 0) b.append(','); b.append(a[k]); } b.append(']'); return; }
            if (v instanceof double[]) { double[] a = (double[]) v; b.append('['); for (int k = 0; k < a.length; k++) { if (k > 0) b.append(','); dbl(b, a[k]); } b.append(']'); return; }
            if (v instanceof boolean[]) { boolean[] a = (boolean[]) v; b.append('['); for (int k = 0; k < a.length; k++) { if (k > 0) b.append(','); b.append(a[k]); } b.append(']'); return; }
            if (v instanceof Object[]) { Object[] a = (Object[]) v; b.append('['); for (int k = 0; k < a.length; k++) { if (k > 0) b.append(','); out(b, a[k]); } b.append(']'); return; }
            if (v instanceof Iterable) { b.append('['); boolean first = true; for (Object x : (Iterable<?>) v) { if (!first) b.append(','); first = false; out(b, x); } b.append(']'); return; }
            str(b, v.toString());
        }
    }

    static Object call(List<Object> a) throws Throwable {
        return %(call)s;
    }

    public static void main(String[] args) throws Throwable {
        final PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        System.setOut(System.err);
        Thread t = new Thread(null, () -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
                proto.print("{\"ready\": true}\n");
                proto.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    List<Object> a = J.list(J.parse(line));
                    StringBuilder b = new StringBuilder();
                    try {
                        long t0 = System.nanoTime();
                        Object r = call(a);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        b.append("{\"ok\": true, \"ms\": ").append(ms).append(", \"result\": ");
                        J.out(b, r);
                        b.append('}');
                    } catch (OutOfMemoryError e) {
                        b.setLength(0);
                        b.append("{\"ok\": false, \"kind\": \"memory\", \"error\": \"java.lang.OutOfMemoryError\"}");
                    } catch (Throwable e) {
                        StringWriter sw = new StringWriter();
                        e.printStackTrace(new PrintWriter(sw));
                        String text = sw.toString();
                        if (text.length() > 4000) text = text.substring(0, 4000);
                        b.setLength(0);
                        b.append("{\"ok\": false, \"kind\": \"runtime\", \"error\": ");
                        J.str(b, text);
                        b.append('}');
                    }
                    b.append('\n');
                    proto.print(b);
                    proto.flush();
                }
            } catch (IOException e) {
                System.exit(3);
            }
        }, "main", 1L << 28);
        t.start();
        t.join();
        System.out.flush();
        System.exit(0);
    }
}
"""

JVM = [
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:ReservedCodeCacheSize=32m",
    "-XX:CompressedClassSpaceSize=32m",
    "-XX:MaxMetaspaceSize=64m",
    "-Xshare:auto",
    "-XX:-UsePerfData",
]


def function_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    f = meta.function
    args = ", ".join(CONVERT[p.type].format(v=f"a.get({i})") for i, p in enumerate(f.params))
    main = fill(MAIN, call=f"Solution.{camel(f.name)}({args})")
    return _program({"Main.java": main, "Solution.java": code}, meta, tools)


def stdio_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    return _program({"Main.java": code}, meta, tools)


JAVAC_FLAGS = [
    "-J-XX:+UseSerialGC",
    "-J-XX:TieredStopAtLevel=1",
    "-J-Xshare:auto",
    "-J-Xmx512m",
    "-proc:none",
]


def _program(files: dict[str, str], meta: Problem, tools: dict[str, str]) -> Program:
    heap = meta.limits.memory_mb
    cds = tools.get("javac_cds")
    return Program(
        files=files,
        compile=[
            "/usr/bin/javac",
            *JAVAC_FLAGS,
            *([f"-J-XX:SharedArchiveFile={cds}"] if cds else []),
            "-encoding",
            "UTF-8",
            "-nowarn",
            "-d",
            "/box/classes",
            *sorted(f"/box/{name}" for name in files),
        ],
        run=["/usr/bin/java", f"-Xmx{heap}m", "-Xss64m", *JVM, "-cp", "/box/classes", "Main"],
        memory_overhead_mb=160,
        ro_binds=[os.path.dirname(cds)] if cds else [],
        env=["MALLOC_ARENA_MAX=2"],
    )
