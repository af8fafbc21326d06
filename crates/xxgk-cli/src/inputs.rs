//! Expanding the command line's inputs (files, directories, globs, `-`) into a list of sources.

use std::path::{Path, PathBuf};

/// One input to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// An argument that named nothing readable (reported as a failed input).
    Missing(String, String),
}

impl Input {
    /// The name printed in outputs.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
            Input::Missing(n, _) => n.clone(),
        }
    }
}

/// File endings taken from directories (other files there, e.g. `.json` truth files, are skipped).
const REPORT_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "shtml", "xhtml", "docx", "md"];

fn wanted(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => REPORT_EXTENSIONS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(ext)),
        None => true,
    }
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    // The entry's type comes from the directory listing (no `stat` per file); a symbolic link
    // is followed, as `Path::is_dir` and `Path::is_file` do.
    let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
            .collect(),
        Err(e) => {
            out.push(Input::Missing(dir.display().to_string(), e.to_string()));
            return;
        }
    };
    // Every entry is `dir` joined with one name, so comparing the paths' bytes orders them as
    // `Path`'s component-wise order does, without splitting each path into components.
    entries.sort_unstable_by(|a, b| {
        a.0.as_os_str()
            .as_encoded_bytes()
            .cmp(b.0.as_os_str().as_encoded_bytes())
    });
    for (p, ty) in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let (is_dir, is_file) = match ty {
            Some(t) if !t.is_symlink() => (t.is_dir(), t.is_file()),
            _ => (p.is_dir(), p.is_file()),
        };
        if is_dir {
            walk(&p, out);
        } else if is_file && wanted(&p) {
            out.push(Input::File(p));
        }
    }
}

/// Expands arguments in order: `-` is stdin, a directory is walked recursively (sorted, report
/// file endings only), a pattern with `*`, `?` or `[` that names no file is a glob.
pub fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let p = Path::new(a);
        if p.is_dir() {
            walk(p, &mut out);
        } else if p.exists() {
            out.push(Input::File(p.to_path_buf()));
        } else if a.contains(['*', '?', '[']) {
            match glob::glob(a) {
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
                    found.sort();
                    if found.is_empty() {
                        out.push(Input::Missing(
                            a.clone(),
                            "no file matches the pattern".into(),
                        ));
                    }
                    for f in found {
                        if f.is_dir() {
                            walk(&f, &mut out);
                        } else {
                            out.push(Input::File(f));
                        }
                    }
                }
                Err(e) => out.push(Input::Missing(a.clone(), e.to_string())),
            }
        } else {
            out.push(Input::Missing(
                a.clone(),
                "no such file or directory".into(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk lists files in `Path`'s component-wise order, also for names that sort
    /// differently as whole strings (`a` before `a-b.txt` although `/` > `-`).
    #[test]
    fn walk_order_is_path_order() {
        let d = std::env::temp_dir().join(format!("xxgk-walk-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::create_dir_all(d.join("a.d")).unwrap();
        for f in [
            "a-b.txt",
            "a.txt",
            "a b.txt",
            "a0.txt",
            "A.txt",
            "报告.txt",
            "a/z.txt",
            "a/b/y.txt",
            "a/b.txt",
            "a.d/x.txt",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let mut out = Vec::new();
        walk(&d, &mut out);
        let got: Vec<PathBuf> = out
            .into_iter()
            .map(|i| match i {
                Input::File(p) => p,
                _ => PathBuf::new(),
            })
            .collect();
        let mut want = got.clone();
        want.sort();
        std::fs::remove_dir_all(&d).unwrap();
        assert_eq!(got.len(), 10);
        assert_eq!(got, want);
    }
}
