# ruff: noqa: E501  (the C++ source below keeps its own line lengths)
"""C++ harnesses (g++ -std=c++17 -O2), compiled with a precompiled <bits/stdc++.h> when there is one."""

from __future__ import annotations

import os

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

# The generic part of the function harness: JSON in and out, the worker thread, main(). Built
# once per machine into an object file (Grader.cpp_harness) and linked into every submission, so
# a submission compiles only its own code and GLUE (~2x faster than compiling all of this).
GENERIC = r"""
#include <bits/stdc++.h>
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
const V& arg(const V& args, size_t k) { return args.a.at(k); }
void get(const V& v, int& x) { x = (int)std::stoll(v.s); }
void get(const V& v, long long& x) { x = std::stoll(v.s); }
void get(const V& v, double& x) { x = std::stod(v.s); }
void get(const V& v, bool& x) { x = v.b; }
void get(const V& v, std::string& x) { x = v.s; }
template <class T> void get_vec(const V& v, std::vector<T>& x) {
    x.resize(v.a.size());
    for (size_t k = 0; k < v.a.size(); k++) { T e; get(v.a[k], e); x[k] = std::move(e); }
}
void get(const V& v, std::vector<int>& x) { get_vec(v, x); }
void get(const V& v, std::vector<long long>& x) { get_vec(v, x); }
void get(const V& v, std::vector<double>& x) { get_vec(v, x); }
void get(const V& v, std::vector<std::string>& x) { get_vec(v, x); }
void get(const V& v, std::vector<bool>& x) { x.resize(v.a.size()); for (size_t k = 0; k < v.a.size(); k++) x[k] = v.a[k].b; }
void get(const V& v, std::vector<std::vector<int>>& x) { get_vec(v, x); }
void get(const V& v, std::vector<std::vector<std::string>>& x) { get_vec(v, x); }

void put(std::string& o, const std::string& v) {
    o += '"';
    for (unsigned char c : v) {
        if (c == '"' || c == '\\') { o += '\\'; o += (char)c; }
        else if (c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); o += b; }
        else o += (char)c;
    }
    o += '"';
}
void put(std::string& o, bool v) { o += v ? "true" : "false"; }
void put(std::string& o, double v) {
    if (!std::isfinite(v)) { o += "null"; return; }
    char b[32]; snprintf(b, sizeof b, "%.17g", v); o += b;
}
void put(std::string& o, int v) { o += std::to_string(v); }
void put(std::string& o, long long v) { o += std::to_string(v); }
void put(std::string& o, const std::vector<int>& v);
void put(std::string& o, const std::vector<std::string>& v);
template <class T> void put_vec(std::string& o, const std::vector<T>& v) {
    o += '[';
    for (size_t k = 0; k < v.size(); k++) { if (k) o += ','; put(o, (T)v[k]); }
    o += ']';
}
void put(std::string& o, const std::vector<int>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<long long>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<double>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<std::string>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<bool>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<std::vector<int>>& v) { put_vec(o, v); }
void put(std::string& o, const std::vector<std::vector<std::string>>& v) { put_vec(o, v); }

FILE* proto;
void emit(const std::string& line) { fwrite(line.data(), 1, line.size(), proto); fflush(proto); }
}  // namespace ih_harness

void ih_call(const ih_harness::V& args, std::string& o);  // the glue, compiled with the submission

namespace ih_harness {
void* run(void*) {
    emit("{\"ready\": true}\n");
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string o;
        try {
            Parser p{line};
            V args = p.value();
            ih_call(args, o);
            fflush(stdout);
        } catch (const std::bad_alloc&) {
            o = "{\"ok\": false, \"kind\": \"memory\", \"error\": \"std::bad_alloc\"}\n";
        } catch (const std::exception& e) {
            o = "{\"ok\": false, \"kind\": \"runtime\", \"error\": ";
            put(o, std::string("uncaught exception: ") + e.what());
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

# after the candidate's code, in the submission's translation unit
GLUE = r"""
#line 1 "harness.cpp"
namespace ih_harness {
struct V;
const V& arg(const V&, size_t);
%(decls)s
}  // namespace ih_harness
void ih_call(const ih_harness::V& args, std::string& o) {
%(convert)s
    auto t0 = std::chrono::steady_clock::now();
    %(ret)s r = ::%(name)s(%(args)s);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    o = "{\"ok\": true, \"ms\": ";
    ih_harness::put(o, ms);
    o += ", \"result\": ";
    ih_harness::put(o, r);
    o += "}\n";
}
"""


def _decls() -> str:
    types = sorted(set(CPP_TYPES.values()))
    lines = [f"void get(const V&, {t}&);" for t in types]
    lines += [
        f"void put(std::string&, {t if '<' not in t and t != 'std::string' else f'const {t}&'});"
        for t in types
    ]
    return "\n".join(lines)


def _compile(tools: dict[str, str], extra: list[str]) -> list[str]:
    pch = tools.get("cpp_pch")
    include = ["-I", pch] if pch else []
    return ["/usr/bin/g++", *FLAGS, *include, "-o", "/box/main", "/box/main.cpp", *extra]


def _binds(*paths: str | None) -> list[str]:
    return [os.path.dirname(p) if p.endswith(".o") else p for p in paths if p]


def function_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    f = meta.function
    convert = "\n".join(
        f"    {CPP_TYPES[p.type]} a{i}; ih_harness::get(ih_harness::arg(args, {i}), a{i});"
        for i, p in enumerate(f.params)
    )
    args = ", ".join(f"a{i}" for i in range(len(f.params)))
    glue = fill(
        GLUE, decls=_decls(), convert=convert, ret=CPP_TYPES[f.returns], name=camel(f.name), args=args
    )
    generic = tools.get("cpp_harness")
    files = {"main.cpp": PRELUDE + code + "\n" + glue}
    if not generic:  # no prebuilt object: compile the generic part with the submission
        files["harness.cpp"] = GENERIC
        generic = "/box/harness.cpp"
    return Program(
        files=files,
        compile=_compile(tools, [generic]),
        run=["/box/main"],
        ro_binds=_binds(tools.get("cpp_pch"), tools.get("cpp_harness")),
    )


def stdio_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    prelude = PRELUDE if tools.get("cpp_pch") else ""
    return Program(
        files={"main.cpp": prelude + code},
        compile=_compile(tools, []),
        run=["/box/main"],
        ro_binds=_binds(tools.get("cpp_pch")),
    )
