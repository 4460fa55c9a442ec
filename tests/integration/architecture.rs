//! The house's architecture rules, checked on the crate's own sources under `src/`:
//! - no import cycle among modules (one `.rs` file is one module);
//! - `src/core/` never names the wasm crates.
//!
//! A small lexer blanks comments and literals; then `use` trees and paths in
//! code (`crate::…`, `super::…`, `self::…`, `keyaccounts::…` in `src/bin/`,
//! and a child declared with `mod x;` used as `x::…`) are resolved to the
//! module file they name. Std only: a parser crate would be a dependency for
//! one test. Not seen: paths that macros build, `#[path]` modules, and items
//! re-exported under another module (an edge goes to the module the path
//! names, not to where the item is defined).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// The library's name as the binaries spell it (`keyaccounts::core::…`).
const LIB: &str = env!("CARGO_PKG_NAME");

/// A module path: `["crate", "core", "detect"]`, or `["bin", "keyaccounts"]`.
type ModPath = Vec<String>;

/// The child modules declared in each scope (a file's or an inline module's).
type Children = BTreeMap<ModPath, BTreeSet<String>>;

fn display(path: &[String]) -> String {
    path.join("::")
}

// ---------------------------------------------------------------- lexing

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `src` with comments (doc comments too) and string, char and raw-string
/// literals replaced by spaces. Newlines are kept, so line numbers still match
/// the file, and what remains has balanced braces.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        match skipped_span_end(&c, i) {
            Some(end) => {
                out.extend(c[i..end].iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
                i = end;
            }
            None => {
                out.push(c[i]);
                i += 1;
            }
        }
    }
    out
}

/// Where the comment or literal starting at `i` ends, if one starts there.
fn skipped_span_end(c: &[char], i: usize) -> Option<usize> {
    let after_ident = i > 0 && is_ident_char(c[i - 1]);
    match (c[i], c.get(i + 1).copied()) {
        ('/', Some('/')) => Some(c[i..].iter().position(|&ch| ch == '\n').map_or(c.len(), |p| i + p)),
        ('/', Some('*')) => Some(block_comment_end(c, i)),
        ('"', _) => Some(quoted_end(c, i + 1, '"')),
        ('\'', _) => char_literal_end(c, i),
        // `b"…"` and `b'…'` need nothing here: the `b` stays, the quote is handled next.
        ('r' | 'b' | 'c', _) if !after_ident => raw_string_end(c, i),
        _ => None,
    }
}

/// Block comments nest in Rust.
fn block_comment_end(c: &[char], start: usize) -> usize {
    let (mut depth, mut i) = (0usize, start);
    while i + 1 < c.len() {
        match (c[i], c[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    c.len()
}

/// The index after the closing `quote`, honouring backslash escapes.
fn quoted_end(c: &[char], mut i: usize, quote: char) -> usize {
    while i < c.len() {
        if c[i] == '\\' {
            i += 2;
        } else if c[i] == quote {
            return i + 1;
        } else {
            i += 1;
        }
    }
    c.len()
}

/// A char literal, or `None` for a lifetime or loop label (`'a`, `'outer:`).
fn char_literal_end(c: &[char], i: usize) -> Option<usize> {
    match (c.get(i + 1), c.get(i + 2)) {
        (Some('\\'), _) => Some(quoted_end(c, i + 3, '\'')),
        (Some(_), Some('\'')) => Some(i + 3),
        _ => None,
    }
}

/// `r"…"`, `r#"…"#`, `br"…"`, `cr#"…"#`; `None` for anything else (`r#type` too).
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = if c[i] == 'r' { i } else { i + 1 };
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    j += hashes;
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"' && c[j + 1..].iter().take(hashes).filter(|&&ch| ch == '#').count() == hashes {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
    Number,
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Tokens of a stripped source.
fn tokenize(stripped: &str) -> Vec<Token> {
    let c: Vec<char> = stripped.chars().collect();
    let (mut tokens, mut line, mut i) = (Vec::new(), 1, 0);
    while i < c.len() {
        let (ch, start) = (c[i], i);
        if ch.is_whitespace() {
            line += usize::from(ch == '\n');
            i += 1;
            continue;
        }
        let tok = if is_ident_char(ch) {
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
            if ch.is_ascii_digit() {
                Tok::Number
            } else {
                Tok::Ident(c[start..i].iter().collect())
            }
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            i += 2;
            Tok::PathSep
        } else {
            i += 1;
            Tok::Punct(ch)
        };
        tokens.push(Token { tok, line });
    }
    tokens
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn is(t: Option<&Token>, want: &Tok) -> bool {
    t.is_some_and(|t| &t.tok == want)
}

// --------------------------------------------------------------- parsing

/// A path as written in one file, not yet resolved.
#[derive(Debug)]
struct RawRef {
    /// The (possibly inline) module the path is written in.
    scope: ModPath,
    /// Written inside a `#[cfg(test)]` inline module.
    test: bool,
    segments: Vec<String>,
    /// A `use …::*`: also brings the target's child modules into `scope`.
    glob: bool,
    line: usize,
    /// What the failure message quotes.
    text: String,
}

/// What one file declares and refers to.
#[derive(Debug, Default)]
struct FileFacts {
    /// Child modules declared in each scope (`mod x;` and inline `mod x { … }`).
    children: Children,
    /// Modules declared under `#[cfg(test)]`.
    test_modules: Vec<ModPath>,
    refs: Vec<RawRef>,
}

struct Scope {
    path: ModPath,
    /// Brace depth inside the module's `{`; the file's own scope has 0.
    depth: usize,
    test: bool,
}

fn parse_file(module: &[String], source: &str) -> FileFacts {
    let toks = tokenize(&strip(source));
    let mut facts = FileFacts::default();
    let mut scopes = vec![Scope {
        path: module.to_vec(),
        depth: 0,
        test: false,
    }];
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        let scope = scopes.last().expect("the file scope is never popped");
        match &toks[i].tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                if scopes.len() > 1 && scope.depth == depth {
                    scopes.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let Some(name) = ident(toks.get(i + 1)) {
                    let mut path = scope.path.clone();
                    path.push(name.to_string());
                    let test = scope.test || under_cfg_test(&toks, i);
                    facts
                        .children
                        .entry(scope.path.clone())
                        .or_default()
                        .insert(name.to_string());
                    if test {
                        facts.test_modules.push(path.clone());
                    }
                    if is(toks.get(i + 2), &Tok::Punct('{')) {
                        depth += 1;
                        scopes.push(Scope { path, depth, test });
                        i += 3;
                        continue;
                    }
                }
            }
            Tok::Ident(kw) if kw == "use" => {
                let mut leaves = Vec::new();
                let end = use_tree(&toks, i + 1, &[], &mut leaves);
                for (segments, line, glob) in leaves {
                    let shown = match segments.split_last() {
                        _ if glob => format!("{}::*", display(&segments)),
                        Some((last, parent)) if last == "self" => format!("{}::{{self}}", display(parent)),
                        _ => display(&segments),
                    };
                    facts.refs.push(RawRef {
                        scope: scope.path.clone(),
                        test: scope.test,
                        segments,
                        glob,
                        line,
                        text: format!("use {shown}"),
                    });
                }
                // Past the `;` (or whatever stopped a tree this parser does not understand).
                i = (end..toks.len())
                    .find(|&k| is(toks.get(k), &Tok::Punct(';')))
                    .unwrap_or(end)
                    .max(i + 1);
                continue;
            }
            // A path in code starts at an identifier followed by `::` that does not itself follow `::`.
            Tok::Ident(first)
                if is(toks.get(i + 1), &Tok::PathSep) && !(i > 0 && is(toks.get(i - 1), &Tok::PathSep)) =>
            {
                let mut segments = vec![first.clone()];
                let mut j = i + 1;
                while is(toks.get(j), &Tok::PathSep)
                    && let Some(next) = ident(toks.get(j + 1))
                {
                    segments.push(next.to_string());
                    j += 2;
                }
                facts.refs.push(RawRef {
                    scope: scope.path.clone(),
                    test: scope.test,
                    text: display(&segments),
                    segments,
                    glob: false,
                    line: toks[i].line,
                });
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    facts
}

/// Whether the `mod` at `at` carries `#[cfg(test)]` (before any `pub(…)`).
fn under_cfg_test(toks: &[Token], at: usize) -> bool {
    let mut k = at;
    if k > 0 && is(toks.get(k - 1), &Tok::Punct(')')) {
        k = (0..k - 1)
            .rev()
            .find(|&m| is(toks.get(m), &Tok::Punct('(')))
            .unwrap_or(k);
    }
    if k > 0 && ident(toks.get(k - 1)) == Some("pub") {
        k -= 1;
    }
    // The attributes before it, nearest first: `#[…] #[…] pub mod x`.
    while k > 0 && is(toks.get(k - 1), &Tok::Punct(']')) {
        let Some(open) = (0..k - 1).rev().find(|&m| is(toks.get(m), &Tok::Punct('['))) else {
            return false;
        };
        let inner: Vec<&Tok> = toks[open + 1..k - 1].iter().map(|t| &t.tok).collect();
        let cfg_test = [
            Tok::Ident("cfg".into()),
            Tok::Punct('('),
            Tok::Ident("test".into()),
            Tok::Punct(')'),
        ];
        if inner.len() == cfg_test.len() && inner.iter().zip(&cfg_test).all(|(a, b)| *a == b) {
            return true;
        }
        if open == 0 || !is(toks.get(open - 1), &Tok::Punct('#')) {
            return false;
        }
        k = open - 1;
    }
    false
}

/// Parses one use tree at `i` under `prefix`, pushing each leaf as
/// `(segments, line, is_glob)`; returns the index after the tree. A leading
/// `::` (an external crate) becomes an empty first segment, which no module
/// matches.
fn use_tree(toks: &[Token], mut i: usize, prefix: &[String], leaves: &mut Vec<(Vec<String>, usize, bool)>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        let Some(t) = toks.get(i) else { return i };
        match &t.tok {
            Tok::PathSep if path.is_empty() => {
                path.push(String::new());
                i += 1;
            }
            Tok::Ident(name) => {
                path.push(name.clone());
                i += 1;
                if is(toks.get(i), &Tok::PathSep) {
                    i += 1;
                    continue;
                }
                if ident(toks.get(i)) == Some("as") {
                    i += 2;
                }
                leaves.push((path, t.line, false));
                return i;
            }
            Tok::Punct('*') => {
                leaves.push((path, t.line, true));
                return i + 1;
            }
            Tok::Punct('{') => {
                i += 1;
                while !is(toks.get(i), &Tok::Punct('}')) {
                    let next = use_tree(toks, i, &path, leaves);
                    if next == i || next >= toks.len() {
                        return next;
                    }
                    i = next;
                    if is(toks.get(i), &Tok::Punct(',')) {
                        i += 1;
                    }
                }
                return i + 1;
            }
            _ => return i,
        }
    }
}

// ------------------------------------------------------------- the graph

/// `src/core/detect/mod.rs` → `crate::core::detect`; `src/bin/x.rs` → `bin::x`.
fn module_of(path: &str) -> Option<ModPath> {
    let rel = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut segs: Vec<&str> = rel.split('/').collect();
    let is_bin = segs.first() == Some(&"bin");
    if segs.last() == Some(&"mod") || (is_bin && segs.len() == 3 && segs[2] == "main") {
        segs.pop();
    }
    if is_bin {
        return Some(segs.iter().map(|s| s.to_string()).collect());
    }
    if segs == ["lib"] {
        segs.clear();
    }
    Some(std::iter::once("crate").chain(segs).map(str::to_string).collect())
}

/// One place in the sources that makes an edge.
#[derive(Debug, Clone)]
struct Reference {
    file: String,
    line: usize,
    text: String,
    /// Written in test code only (`#[cfg(test)]` module or a file declared under it).
    test: bool,
}

struct Graph {
    /// Module names, sorted.
    modules: Vec<String>,
    /// `(from, to)` indices into `modules` → every reference making that edge.
    edges: BTreeMap<(usize, usize), Vec<Reference>>,
}

/// Builds the module graph from `(path relative to the crate, source)` pairs.
fn build_graph(sources: &[(String, String)]) -> Graph {
    let files: Vec<(&str, ModPath, &str)> = sources
        .iter()
        .filter_map(|(path, text)| Some((path.as_str(), module_of(path)?, text.as_str())))
        .collect();
    let known: BTreeSet<&ModPath> = files.iter().map(|(_, m, _)| m).collect();
    let index: BTreeMap<&ModPath, usize> = known.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let facts: Vec<FileFacts> = files.iter().map(|(_, m, text)| parse_file(m, text)).collect();
    let test_modules: BTreeSet<&ModPath> = facts.iter().flat_map(|f| &f.test_modules).collect();
    let mut children: Children = BTreeMap::new();
    for (scope, names) in facts.iter().flat_map(|f| &f.children) {
        children.entry(scope.clone()).or_default().extend(names.iter().cloned());
    }

    let mut edges: BTreeMap<(usize, usize), Vec<Reference>> = BTreeMap::new();
    for ((file, module, _), file_facts) in files.iter().zip(&facts) {
        let file_is_test = (1..=module.len()).any(|n| test_modules.contains(&module[..n].to_vec()));
        // Where this file's globs point, for the child modules they bring in.
        let globs: Vec<(&ModPath, ModPath)> = (file_facts.refs.iter().filter(|r| r.glob))
            .filter_map(|r| Some((&r.scope, absolute(module, r, &children, &[])?)))
            .collect();
        for r in &file_facts.refs {
            let in_scope: Vec<&ModPath> = globs.iter().filter(|(s, _)| **s == r.scope).map(|(_, g)| g).collect();
            let Some(target) = absolute(module, r, &children, &in_scope).and_then(|p| longest_known_prefix(&p, &known))
            else {
                continue;
            };
            let (from, to) = (index[module], index[target]);
            if from != to {
                edges.entry((from, to)).or_default().push(Reference {
                    file: file.to_string(),
                    line: r.line,
                    text: r.text.clone(),
                    test: r.test || file_is_test,
                });
            }
        }
    }
    Graph {
        modules: known.iter().map(|m| display(m)).collect(),
        edges,
    }
}

/// The absolute module path `r` names, or `None` for an external crate, a
/// type's associated item (`Role::Client`) or anything else not a module path.
/// `globs` are the targets of the `use …::*` in `r`'s scope.
fn absolute(file_module: &[String], r: &RawRef, children: &Children, globs: &[&ModPath]) -> Option<ModPath> {
    let is_bin = file_module.first().is_some_and(|s| s == "bin");
    let first = r.segments.first()?.as_str();
    let (mut base, rest): (ModPath, &[String]) = match first {
        "crate" if is_bin => (file_module[..2].to_vec(), &r.segments[1..]),
        "crate" => (vec!["crate".into()], &r.segments[1..]),
        "self" => (r.scope.clone(), &r.segments[1..]),
        "super" => {
            let ups = r.segments.iter().take_while(|s| *s == "super").count();
            let keep = r.scope.len().checked_sub(ups).filter(|&n| n > 0)?;
            (r.scope[..keep].to_vec(), &r.segments[ups..])
        }
        lib if is_bin && lib == LIB => (vec!["crate".into()], &r.segments[1..]),
        // A bare child module (Rust 2018+ paths): declared in this scope, or
        // brought in by a glob (`use super::*;` then `header::find_header`).
        child => {
            let declares = |m: &ModPath| children.get(m).is_some_and(|c| c.contains(child));
            let parent = std::iter::once(&r.scope)
                .chain(globs.iter().copied())
                .find(|m| declares(m))?;
            (parent.clone(), &r.segments[..])
        }
    };
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

/// `crate::core::detect::Layout` → `crate::core::detect`; an inline module → its file.
fn longest_known_prefix<'a>(path: &[String], known: &BTreeSet<&'a ModPath>) -> Option<&'a ModPath> {
    (1..=path.len())
        .rev()
        .find_map(|n| known.get(&path[..n].to_vec()).copied())
}

// ---------------------------------------------------------------- cycles

/// Strongly connected components (Tarjan), each sorted, in order of their first module.
fn strongly_connected(n: usize, adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct Tarjan<'a> {
        adj: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on_stack: Vec<bool>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.adj[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                scc.sort_unstable();
                self.out.push(scc);
            }
        }
    }
    let mut t = Tarjan {
        adj,
        index: vec![None; n],
        low: vec![0; n],
        stack: vec![],
        on_stack: vec![false; n],
        next: 0,
        out: vec![],
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

fn adjacency(g: &Graph) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); g.modules.len()];
    for &(from, to) in g.edges.keys() {
        adj[from].push(to);
    }
    adj
}

/// The components of more than one module: each module in one reaches every other.
fn tangles(g: &Graph) -> Vec<Vec<usize>> {
    let adj = adjacency(g);
    strongly_connected(adj.len(), &adj)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect()
}

/// The shortest path `from` → `to` inside `scc` (breadth first), both ends included.
fn shortest_path(from: usize, to: usize, scc: &[usize], adj: &[Vec<usize>]) -> Option<Vec<usize>> {
    let mut parent: BTreeMap<usize, usize> = BTreeMap::from([(from, from)]);
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        if v == to {
            let (mut path, mut at) = (vec![to], to);
            while at != from {
                at = parent[&at];
                path.push(at);
            }
            path.reverse();
            return Some(path);
        }
        for &w in adj[v].iter().filter(|w| scc.contains(w)) {
            if let Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    None
}

/// For every edge inside a tangle, the shortest cycle through it, each cycle
/// starting at its smallest module and listed once. Every edge that could be
/// broken shows up, without the combinatorial list of all elementary cycles.
fn cycles(g: &Graph) -> Vec<Vec<usize>> {
    let adj = adjacency(g);
    let mut out = Vec::new();
    for scc in tangles(g) {
        let mut found = BTreeSet::new();
        for &u in &scc {
            for &v in adj[u].iter().filter(|v| scc.contains(v)) {
                // v → … → u, closed by the edge u → v.
                if let Some(mut cycle) = shortest_path(v, u, &scc, &adj) {
                    let smallest = cycle.iter().enumerate().min_by_key(|&(_, m)| m).map_or(0, |(k, _)| k);
                    cycle.rotate_left(smallest);
                    found.insert(cycle);
                }
            }
        }
        let mut found: Vec<Vec<usize>> = found.into_iter().collect();
        found.sort_by_key(|c| (c[0], c.len()));
        out.extend(found);
    }
    out
}

/// One line per cycle, each edge with the reference that makes it:
/// `a -> b (src/a.rs:3 "use crate::b::X") -> a (src/b.rs:7 "crate::a::f")`.
fn cycle_report(g: &Graph) -> Vec<String> {
    cycles(g).iter().map(|c| describe_cycle(g, c)).collect()
}

fn describe_cycle(g: &Graph, cycle: &[usize]) -> String {
    let mut s = g.modules[cycle[0]].clone();
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        let refs = g.edges.get(&(from, to)).map(Vec::as_slice).unwrap_or_default();
        // Cite production code when there is some: that is the edge to break.
        let shown = refs.iter().find(|r| !r.test).or_else(|| refs.first());
        s.push_str(&format!(" -> {}", g.modules[to]));
        if let Some(r) = shown {
            let test = if r.test { ", test code only" } else { "" };
            s.push_str(&format!(" ({}:{} \"{}\"{test})", r.file, r.line, r.text));
        }
    }
    s
}

// ----------------------------------------------------------------- input

/// Every `.rs` file under `src/`, as `("src/…", text)`, sorted by path.
fn crate_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
        for entry in entries {
            let entry = entry.expect("directory entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &rel, out);
            } else if name.ends_with(".rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"));
                out.push((rel, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "src", &mut out);
    out.sort();
    out
}

// ----------------------------------------------------------------- rules

#[test]
fn no_import_cycle_among_modules() {
    let graph = build_graph(&crate_sources());
    let cycles = cycle_report(&graph);
    let tangles: Vec<String> = tangles(&graph)
        .iter()
        .map(|c| {
            c.iter()
                .map(|&m| graph.modules[m].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    println!(
        "architecture: {} modules, {} edges, {} import cycles",
        graph.modules.len(),
        graph.edges.len(),
        cycles.len()
    );
    assert!(
        cycles.is_empty(),
        "{} import cycle(s) among modules (a -> b: a refers to an item of b), \
         the shortest through each edge; move what both sides need into a module below them:\n  {}\n\
         modules that all reach each other:\n  {}",
        cycles.len(),
        cycles.join("\n  "),
        tangles.join("\n  ")
    );
}

/// Names in code count; comments and string literals do not.
#[test]
fn core_never_names_wasm() {
    const WASM: [&str; 3] = ["wasm_bindgen", "js_sys", "web_sys"];
    let hits: Vec<String> = crate_sources()
        .iter()
        .filter(|(path, _)| path.starts_with("src/core/"))
        .flat_map(|(path, text)| {
            tokenize(&strip(text)).into_iter().filter_map(move |t| match &t.tok {
                Tok::Ident(name) if WASM.contains(&name.as_str()) => Some(format!("{path}:{} {name}", t.line)),
                _ => None,
            })
        })
        .collect();
    assert!(
        hits.is_empty(),
        "src/core/ is the pure engine, the wasm facade is src/web.rs:\n  {}",
        hits.join("\n  ")
    );
}

// ------------------------------------------------- the checker checks itself

fn graph_of(files: &[(&str, &str)]) -> Graph {
    build_graph(
        &files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect::<Vec<_>>(),
    )
}

fn edge_refs<'g>(g: &'g Graph, from: &str, to: &str) -> &'g [Reference] {
    let at = |name: &str| {
        g.modules
            .iter()
            .position(|m| m == name)
            .unwrap_or_else(|| panic!("no module {name}"))
    };
    g.edges.get(&(at(from), at(to))).map(Vec::as_slice).unwrap_or_default()
}

fn has_edge(g: &Graph, from: &str, to: &str) -> bool {
    !edge_refs(g, from, to).is_empty()
}

const LIB_RS: (&str, &str) = ("src/lib.rs", "pub mod core;");

#[test]
fn checker_reports_a_two_file_cycle_with_both_edges() {
    let g = graph_of(&[
        LIB_RS,
        ("src/core/mod.rs", "pub mod a;\npub mod b;\n"),
        (
            "src/core/a.rs",
            "use std::fmt;\nuse crate::core::b::B;\npub struct A;\n",
        ),
        (
            "src/core/b.rs",
            "pub struct B;\n\npub fn f() -> crate::core::a::A { crate::core::a::A }\n",
        ),
    ]);
    assert_eq!(
        cycle_report(&g),
        [concat!(
            "crate::core::a -> crate::core::b (src/core/a.rs:2 \"use crate::core::b::B\")",
            " -> crate::core::a (src/core/b.rs:3 \"crate::core::a::A\")"
        )]
    );
}

#[test]
fn checker_child_using_its_parent_is_a_cycle_only_if_the_parent_uses_the_child() {
    let child = (
        "src/core/detect/header.rs",
        "use super::Role;\npub fn find() -> Option<Role> { None }\n",
    );
    let quiet_parent = ("src/core/detect/mod.rs", "mod header;\npub enum Role { Client }\n");
    let g = graph_of(&[LIB_RS, ("src/core/mod.rs", "pub mod detect;"), quiet_parent, child]);
    assert!(has_edge(&g, "crate::core::detect::header", "crate::core::detect"));
    assert!(
        !has_edge(&g, "crate::core::detect", "crate::core::detect::header"),
        "`mod header;` is no edge"
    );
    assert!(cycle_report(&g).is_empty());

    let calling_parent = (
        "src/core/detect/mod.rs",
        "pub enum Role { Client }\npub fn go() { header::find(); }\nmod header;\n",
    );
    let g = graph_of(&[LIB_RS, ("src/core/mod.rs", "pub mod detect;"), calling_parent, child]);
    assert_eq!(
        cycle_report(&g),
        [concat!(
            "crate::core::detect -> crate::core::detect::header (src/core/detect/mod.rs:2 \"header::find\")",
            " -> crate::core::detect (src/core/detect/header.rs:1 \"use super::Role\")"
        )]
    );
}

#[test]
fn checker_use_super_glob_in_inline_tests_is_the_file_itself() {
    let g = graph_of(&[
        LIB_RS,
        ("src/core/mod.rs", "pub mod a;\npub struct Top;\n"),
        (
            "src/core/a.rs",
            "pub fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn t() { f(); }\n}\n",
        ),
    ]);
    assert!(g.edges.is_empty(), "{:?}", g.edges);
}

#[test]
fn checker_marks_references_from_cfg_test_code() {
    let g = graph_of(&[
        LIB_RS,
        ("src/core/mod.rs", "pub mod a;\npub mod b;\n"),
        ("src/core/a.rs", "pub fn f() { crate::core::b::g() }\n"),
        (
            "src/core/b.rs",
            "pub fn g() {}\n#[cfg(test)]\nmod tests {\n    use crate::core::a::f;\n}\n",
        ),
    ]);
    let report = cycle_report(&g);
    assert_eq!(report.len(), 1);
    assert!(
        report[0].ends_with("(src/core/b.rs:4 \"use crate::core::a::f\", test code only)"),
        "{report:?}"
    );
}

#[test]
fn checker_ignores_comments_and_literals() {
    let source = r####"
// use crate::core::b::X;
/// Calls crate::core::b::f().
//! crate::core::b
/* crate::core::b::X /* nested crate::core::b */ crate::core::b */
fn f<'a>(s: &'a str) -> [&'a str; 5] {
    let q = '"';
    let e = '\'';
    ["crate::core::b::X", r"crate::core::b", r#"crate::core::b "quoted""#, b"crate::core::b", s]
}
"####;
    let core = ("src/core/mod.rs", "pub mod a;\npub mod b;\n");
    let b = ("src/core/b.rs", "pub struct X;\npub fn f() {}\npub fn h() {}\n");
    let g = graph_of(&[LIB_RS, core, ("src/core/a.rs", source), b]);
    assert!(g.edges.is_empty(), "{:?}", g.edges);

    // What follows the literals is still seen, on its own line.
    let a = format!("{source}\nfn g() {{ crate::core::b::h() }}\n");
    let g = graph_of(&[LIB_RS, core, ("src/core/a.rs", &a), b]);
    let refs = edge_refs(&g, "crate::core::a", "crate::core::b");
    assert_eq!((refs[0].line, refs[0].text.as_str()), (12, "crate::core::b::h"));
}

#[test]
fn checker_resolves_grouped_use_trees_to_each_module() {
    let g = graph_of(&[
        LIB_RS,
        (
            "src/core/mod.rs",
            "pub mod a;\npub mod b;\npub mod c;\npub struct Top;\n",
        ),
        ("src/core/a.rs", ""),
        ("src/core/b.rs", ""),
        ("src/core/c.rs", "use crate::core::{a::X, b::{Y, Z}};\n"),
    ]);
    assert!(has_edge(&g, "crate::core::c", "crate::core::a"));
    assert!(has_edge(&g, "crate::core::c", "crate::core::b"));
    assert!(!has_edge(&g, "crate::core::c", "crate::core"));
}

#[test]
fn checker_resolves_super_self_child_and_bin_paths() {
    let g = graph_of(&[
        ("src/lib.rs", "pub mod core;\npub use crate::core::read::Thing;\n"),
        ("src/core/mod.rs", "pub mod read;"),
        (
            "src/core/read/mod.rs",
            "pub mod csv;\npub mod sink;\nuse csv::read;\npub struct Thing;\n",
        ),
        ("src/core/read/sink.rs", "pub struct Budget;\n"),
        (
            "src/core/read/csv.rs",
            "use super::{sink::{self}, *};\nfn r() -> ::csv::Reader { todo!() }\n",
        ),
        (
            "src/bin/keyaccounts.rs",
            "use keyaccounts::core::read::sink::Budget;\nuse std::io;\n",
        ),
    ]);
    assert!(has_edge(&g, "crate", "crate::core::read"));
    assert!(
        has_edge(&g, "crate::core::read", "crate::core::read::csv"),
        "`use csv::…` is the child module"
    );
    assert!(has_edge(&g, "crate::core::read::csv", "crate::core::read::sink"));
    assert!(
        has_edge(&g, "crate::core::read::csv", "crate::core::read"),
        "`super::*` is the parent"
    );
    assert!(has_edge(&g, "bin::keyaccounts", "crate::core::read::sink"));
    assert_eq!(g.edges.len(), 5, "{:?}", g.edges.keys().collect::<Vec<_>>());
}

#[test]
fn checker_follows_child_modules_a_glob_brings_in() {
    let detect = ("src/core/detect/mod.rs", "mod header;\n#[cfg(test)]\nmod tests;\n");
    let header = ("src/core/detect/header.rs", "pub fn find() {}\n");
    let core = ("src/core/mod.rs", "pub mod detect;");
    let tests = (
        "src/core/detect/tests.rs",
        "use super::*;\n\n#[test]\nfn t() { header::find(); }\n",
    );
    let g = graph_of(&[LIB_RS, core, detect, header, tests]);
    let refs = edge_refs(&g, "crate::core::detect::tests", "crate::core::detect::header");
    assert_eq!(refs.len(), 1, "{:?}", g.edges);
    assert_eq!(
        (refs[0].line, refs[0].test),
        (4, true),
        "a file declared under #[cfg(test)] is test code"
    );

    // Without the glob, `header` names nothing in `tests`.
    let tests = ("src/core/detect/tests.rs", "#[test]\nfn t() { header::find(); }\n");
    let g = graph_of(&[LIB_RS, core, detect, header, tests]);
    assert!(!has_edge(
        &g,
        "crate::core::detect::tests",
        "crate::core::detect::header"
    ));
}
