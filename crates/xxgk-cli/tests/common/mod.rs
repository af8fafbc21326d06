//! Helpers shared by the CLI tests.

#![allow(clippy::unwrap_used, dead_code)]
use std::path::{Path, PathBuf};

/// A scratch directory under the system's temporary directory, removed when the test that
/// made it ends (kept when the test fails, to look at).
pub struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Scratch {
    /// A fresh, empty directory `name` under the temporary directory.
    pub fn new(name: &str) -> Scratch {
        let d = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
}
