//! A small static server for the page, on 127.0.0.1 only (std, no dependencies).
//!
//! Serves the repository's `www/` at `/`, `pkg/` at `/pkg/`, the embedding example
//! `examples/embed/` at `/examples/embed/` and `dist/` at
//! `/dist/`, with exact MIME types (`application/wasm` for the engine), the
//! page's own Content-Security-Policy as a header and `nosniff`. Paths never
//! leave those directories. GET and HEAD only; one thread per connection.
//!
//! ```text
//! cargo run --release --example serve -- [PORT] [--root DIR]
//! ```
//!
//! PORT defaults to 8080; when it is busy the next ones are tried (PORT 0 lets
//! the system choose). Prints `keyaccounts: http://127.0.0.1:PORT/` once it listens.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The served page's policy (HOUSE-STYLE §6), used when `www/index.html` has no
/// CSP meta tag of its own; otherwise the header repeats the page's meta tag.
const DEFAULT_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
     worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:";

/// How many ports after the requested one to try.
const PORT_TRIES: u16 = 20;

fn main() {
    let mut port: u16 = 8080;
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--root" {
            match args.next() {
                Some(dir) => root = PathBuf::from(dir),
                None => usage(),
            }
        } else if let Ok(p) = arg.parse() {
            port = p;
        } else {
            usage();
        }
    }
    let root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("keyaccounts: cannot open {}: {e}", root.display());
            std::process::exit(1);
        }
    };
    let listener = match bind(port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("keyaccounts: cannot listen on 127.0.0.1:{port} (nor the next {PORT_TRIES} ports): {e}");
            std::process::exit(1);
        }
    };
    let actual = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    if !root.join("www").join("index.html").is_file() {
        eprintln!("keyaccounts: warning: {} has no www/index.html", root.display());
    }
    if !root.join("pkg").join("keyaccounts_bg.wasm").is_file() {
        eprintln!("keyaccounts: warning: pkg/ is not built yet (run scripts/build-web)");
    }
    println!("keyaccounts: http://127.0.0.1:{actual}/");
    let _ = std::io::stdout().flush();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
}

fn usage() -> ! {
    eprintln!("usage: serve [PORT] [--root DIR]");
    std::process::exit(2);
}

/// Binds 127.0.0.1:port, or the first free port among the next few.
fn bind(port: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    let tries = if port == 0 { 1 } else { PORT_TRIES + 1 };
    for p in (0..tries).filter_map(|i| port.checked_add(i)) {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no port to try")))
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    csp: String,
    body: Vec<u8>,
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers: nothing in them changes the answer.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let response = match method {
        "GET" | "HEAD" => respond(root, target),
        _ => plain("405 Method Not Allowed", "only GET and HEAD", root),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nContent-Security-Policy: {}\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-store\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\n{}Connection: close\r\n\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        response.csp,
        if response.status.starts_with("405") {
            "Allow: GET, HEAD\r\n"
        } else {
            ""
        },
    )?;
    if method != "HEAD" {
        out.write_all(&response.body)?;
    }
    out.flush()
}

fn plain(status: &'static str, text: &str, root: &Path) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        csp: page_csp(root),
        body: format!("{text}\n").into_bytes(),
    }
}

fn respond(root: &Path, target: &str) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return plain("400 Bad Request", "bad path", root);
    };
    let Some(rest) = path.strip_prefix('/') else {
        return plain("400 Bad Request", "bad path", root);
    };
    // `/pkg/…` → pkg/, `/dist/…` → dist/, `/examples/embed/…` → examples/embed/ (the API example),
    // everything else → www/.
    let (base, rest) = match rest.split_once('/') {
        Some(("pkg", r)) => ("pkg", r),
        Some(("dist", r)) => ("dist", r),
        Some(("examples", r)) if r == "embed" || r.starts_with("embed/") => (
            "examples/embed",
            r.strip_prefix("embed").unwrap_or("").trim_start_matches('/'),
        ),
        _ if rest == "pkg" || rest == "dist" => (rest, ""),
        _ => ("www", rest),
    };
    let mut file = root.join(base);
    for segment in rest.split('/') {
        // No traversal, no hidden files, no Windows separators or drive letters.
        if segment.is_empty() {
            continue;
        }
        if segment.starts_with('.') || segment.contains(['\\', '\0', ':']) {
            return plain("404 Not Found", "not found", root);
        }
        file.push(segment);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    // Symlinks must not lead out of the served directory either.
    let inside = match (file.canonicalize(), root.join(base).canonicalize()) {
        (Ok(f), Ok(b)) => f.starts_with(&b).then_some(f),
        _ => None,
    };
    let Some(file) = inside else {
        return plain("404 Not Found", "not found", root);
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let content_type = mime(&file);
            let csp = if content_type.starts_with("text/html") {
                meta_csp(&body).unwrap_or_else(|| page_csp(root))
            } else {
                page_csp(root)
            };
            Response {
                status: "200 OK",
                content_type,
                csp,
                body,
            }
        }
        Err(_) => plain("404 Not Found", "not found", root),
    }
}

fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// The CSP the page declares in `www/index.html`, else the default.
fn page_csp(root: &Path) -> String {
    std::fs::read(root.join("www").join("index.html"))
        .ok()
        .and_then(|html| meta_csp(&html))
        .unwrap_or_else(|| DEFAULT_CSP.to_string())
}

/// The `content` of `<meta http-equiv="Content-Security-Policy" content="…">`.
fn meta_csp(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower.get(from..)?.find("<meta") {
        let start = from + at;
        let end = start + lower.get(start..)?.find('>')?;
        let tag = text.get(start..end)?;
        let tag_lower = lower.get(start..end)?;
        if tag_lower.contains("content-security-policy") {
            let at = tag_lower.find("content=")? + "content=".len();
            let quoted = tag.get(at..)?;
            let quote = quoted.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let value = quoted.get(1..)?.split(quote).next()?;
            let value = value
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            // Headers are one line.
            return Some(value.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        from = end;
    }
    None
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway root with www/, pkg/ and a secret next to them.
    fn root(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("keyaccounts-serve-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("www/demo")).unwrap();
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(
            dir.join("www/index.html"),
            "<html><head><meta http-equiv=\"Content-Security-Policy\"\n content=\"default-src 'none';\n  script-src 'self'\"></head></html>",
        )
        .unwrap();
        std::fs::write(dir.join("www/demo/demo-ru.xlsx"), b"PK").unwrap();
        std::fs::write(dir.join("pkg/keyaccounts_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("secret.txt"), b"no").unwrap();
        std::fs::create_dir_all(dir.join("examples/embed")).unwrap();
        std::fs::write(dir.join("examples/embed/index.html"), "<html></html>").unwrap();
        std::fs::write(dir.join("examples/serve.rs"), b"fn main() {}").unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn serves_www_pkg_with_types_and_the_pages_csp() {
        let root = root("serves");
        let index = respond(&root, "/");
        assert_eq!(index.status, "200 OK");
        assert_eq!(index.content_type, "text/html; charset=utf-8");
        assert_eq!(index.csp, "default-src 'none'; script-src 'self'");
        let wasm = respond(&root, "/pkg/keyaccounts_bg.wasm?v=1");
        assert_eq!((wasm.status, wasm.content_type), ("200 OK", "application/wasm"));
        assert_eq!(wasm.csp, index.csp, "every response carries the page's policy");
        assert_eq!(respond(&root, "/demo/demo-ru.xlsx").status, "200 OK");
        // The embedding example, and nothing else of examples/.
        assert_eq!(respond(&root, "/examples/embed/").status, "200 OK");
        assert_eq!(respond(&root, "/examples/embed/index.html").status, "200 OK");
        assert_ne!(respond(&root, "/examples/serve.rs").status, "200 OK");
        assert_ne!(respond(&root, "/examples/embed/../serve.rs").status, "200 OK");
        assert_ne!(respond(&root, "/examples/embedx/index.html").status, "200 OK");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn never_leaves_the_served_directories() {
        let root = root("traversal");
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/pkg/../secret.txt",
            "/pkg/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/.%2e/secret.txt",
            "/pkg/..\\secret.txt",
            "/secret.txt",
            "/nope.js",
            "relative",
            "/%zz",
        ] {
            let r = respond(&root, path);
            assert_ne!(r.status, "200 OK", "{path}");
            assert_eq!(r.content_type, "text/plain; charset=utf-8", "{path}");
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn mime_types_and_csp_meta() {
        assert_eq!(mime(Path::new("a/main.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("app.CSS")), "text/css; charset=utf-8");
        assert_eq!(mime(Path::new("x.bin")), "application/octet-stream");
        assert_eq!(meta_csp(b"<meta charset=utf-8><p>no policy</p>"), None);
        assert_eq!(
            meta_csp(b"<META HTTP-EQUIV='Content-Security-Policy' CONTENT='img-src data:'>").as_deref(),
            Some("img-src data:")
        );
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/a%2"), None);
    }
}
