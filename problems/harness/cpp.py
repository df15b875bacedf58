# ruff: noqa: E501  (the C++ source below keeps its own line lengths)
"""C++ harnesses (g++ -std=c++17 -O2), compiled with a precompiled <bits/stdc++.h> when there is one."""

from __future__ import annotations

from ..model import Problem, camel
from . import Program, fill

CPP_TYPES = {
    "int": "int",
    "long": "long long",
    "double": "double",
    "bool": "bool",
    "string": "std::string",
    "int[]": "std::vector<int>",
    "long[]": "std::vector<long long>",
    "double[]": "std::vector<double>",
    "string[]": "std::vector<std::string>",
    "bool[]": "std::vector<bool>",
    "int[][]": "std::vector<std::vector<int>>",
    "string[][]": "std::vector<std::vector<std::string>>",
}
FLAGS = ["-std=c++17", "-O2", "-pthread"]
PRELUDE = '#include <bits/stdc++.h>\nusing namespace std;\n#line 1 "solution.cpp"\n'

HARNESS = r"""
#line 1 "harness.cpp"
#include <pthread.h>
#include <unistd.h>
namespace ih_harness {
struct V {
    int t = 0;  // 0 null, 1 bool, 2 number, 3 string, 4 array
    bool b = false;
    std::string s;
    std::vector<V> a;
};
struct Parser {
    const std::string& s;
    size_t i = 0;
    void ws() { while (i < s.size() && isspace((unsigned char)s[i])) i++; }
    static void utf8(std::string& o, unsigned cp) {
        if (cp < 0x80) o += (char)cp;
        else if (cp < 0x800) { o += (char)(0xC0 | (cp >> 6)); o += (char)(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { o += (char)(0xE0 | (cp >> 12)); o += (char)(0x80 | ((cp >> 6) & 0x3F)); o += (char)(0x80 | (cp & 0x3F)); }
        else { o += (char)(0xF0 | (cp >> 18)); o += (char)(0x80 | ((cp >> 12) & 0x3F)); o += (char)(0x80 | ((cp >> 6) & 0x3F)); o += (char)(0x80 | (cp & 0x3F)); }
    }
    V value() {
        ws();
        V v;
        char c = s[i];
        if (c == '[') {
            v.t = 4; i++; ws();
            if (s[i] == ']') { i++; return v; }
            while (true) { v.a.push_back(value()); ws(); if (s[i++] == ']') return v; }
        }
        if (c == '"') {
            v.t = 3; i++;
            while (s[i] != '"') {
                if (s[i] != '\\') { v.s += s[i++]; continue; }
                char e = s[i + 1]; i += 2;
                if (e == 'n') v.s += '\n'; else if (e == 't') v.s += '\t'; else if (e == 'r') v.s += '\r';
                else if (e == 'b') v.s += '\b'; else if (e == 'f') v.s += '\f';
                else if (e == 'u') {
                    unsigned cp = std::stoul(s.substr(i, 4), nullptr, 16); i += 4;
                    if (cp >= 0xD800 && cp < 0xDC00 && s[i] == '\\' && s[i + 1] == 'u') {
                        unsigned lo = std::stoul(s.substr(i + 2, 4), nullptr, 16); i += 6;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    utf8(v.s, cp);
                } else v.s += e;
            }
            i++;
            return v;
        }
        if (s.compare(i, 4, "true") == 0) { i += 4; v.t = 1; v.b = true; return v; }
        if (s.compare(i, 5, "false") == 0) { i += 5; v.t = 1; return v; }
        if (s.compare(i, 4, "null") == 0) { i += 4; return v; }
        v.t = 2;
        size_t st = i;
        while (i < s.size() && strchr("+-0123456789.eE", s[i])) i++;
        v.s = s.substr(st, i - st);
        return v;
    }
};
template <class T> struct conv;
template <> struct conv<int> { static int f(const V& v) { return (int)std::stoll(v.s); } };
template <> struct conv<long long> { static long long f(const V& v) { return std::stoll(v.s); } };
template <> struct conv<double> { static double f(const V& v) { return std::stod(v.s); } };
template <> struct conv<bool> { static bool f(const V& v) { return v.b; } };
template <> struct conv<std::string> { static std::string f(const V& v) { return v.s; } };
template <class T> struct conv<std::vector<T>> {
    static std::vector<T> f(const V& v) {
        std::vector<T> out;
        out.reserve(v.a.size());
        for (const V& x : v.a) out.push_back(conv<T>::f(x));
        return out;
    }
};
inline void out(std::string& o, const std::string& v) {
    o += '"';
    for (unsigned char c : v) {
        if (c == '"' || c == '\\') { o += '\\'; o += (char)c; }
        else if (c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); o += b; }
        else o += (char)c;
    }
    o += '"';
}
inline void out(std::string& o, const char* v) { out(o, std::string(v)); }
inline void out(std::string& o, char v) { out(o, std::string(1, v)); }
inline void out(std::string& o, bool v) { o += v ? "true" : "false"; }
inline void out(std::string& o, double v) {
    if (!std::isfinite(v)) { o += "null"; return; }
    char b[32]; snprintf(b, sizeof b, "%.17g", v); o += b;
}
inline void out(std::string& o, float v) { out(o, (double)v); }
template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
inline void out(std::string& o, T v) { o += std::to_string(v); }
template <class T> void out(std::string& o, const std::vector<T>& v) {
    o += '[';
    for (size_t k = 0; k < v.size(); k++) { if (k) o += ','; out(o, (T)v[k]); }
    o += ']';
}
FILE* proto;
void emit(const std::string& line) { fwrite(line.data(), 1, line.size(), proto); fflush(proto); }
void* run(void*) {
    emit("{\"ready\": true}\n");
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string o;
        try {
            Parser p{line};
            V args = p.value();
%(convert)s
            auto t0 = std::chrono::steady_clock::now();
            auto r = ::%(name)s(%(args)s);
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            fflush(stdout);
            o = "{\"ok\": true, \"ms\": ";
            out(o, ms);
            o += ", \"result\": ";
            out(o, r);
            o += "}\n";
        } catch (const std::bad_alloc&) {
            o = "{\"ok\": false, \"kind\": \"memory\", \"error\": \"std::bad_alloc\"}\n";
        } catch (const std::exception& e) {
            o = "{\"ok\": false, \"kind\": \"runtime\", \"error\": ";
            out(o, std::string("uncaught exception: ") + e.what());
            o += "}\n";
        } catch (...) {
            o = "{\"ok\": false, \"kind\": \"runtime\", \"error\": \"uncaught exception\"}\n";
        }
        emit(o);
    }
    return nullptr;
}
}  // namespace ih_harness

int main() {
    std::ios::sync_with_stdio(false);
    ih_harness::proto = fdopen(dup(1), "w");
    dup2(2, 1);  // the candidate's prints go to stderr
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256u << 20);
    pthread_t t;
    pthread_create(&t, &attr, ih_harness::run, nullptr);
    pthread_join(t, nullptr);
    fflush(stdout);
    return 0;
}
"""


def _compile(pch_dir: str | None) -> list[str]:
    include = ["-I", pch_dir] if pch_dir else []
    return ["/usr/bin/g++", *FLAGS, *include, "-o", "/box/main", "/box/main.cpp"]


def function_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    f = meta.function
    convert = "\n".join(
        f"            auto a{i} = conv<{CPP_TYPES[p.type]}>::f(args.a.at({i}));"
        for i, p in enumerate(f.params)
    )
    args = ", ".join(f"a{i}" for i in range(len(f.params)))
    source = PRELUDE + code + "\n" + fill(HARNESS, convert=convert, name=camel(f.name), args=args)
    pch = tools.get("cpp_pch")
    return Program(
        files={"main.cpp": source},
        compile=_compile(pch),
        run=["/box/main"],
        ro_binds=[pch] if pch else [],
    )


def stdio_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    pch = tools.get("cpp_pch")
    prelude = PRELUDE if pch else ""
    return Program(
        files={"main.cpp": prelude + code},
        compile=_compile(pch),
        run=["/box/main"],
        ro_binds=[pch] if pch else [],
    )
