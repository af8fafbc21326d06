//! Where results go: standard output, or a file written atomically.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bytes buffered before a write to the output: a batch's JSON lines go out in a few large
/// writes instead of one or two per report.
const BUFFER: usize = 1 << 18;

/// A sink for the command's output. With a path, everything is written to a temporary file beside
/// it, which is renamed over the target only by [`Sink::commit`]: a run killed half-way never
/// leaves a half-written file under the target name. A path that exists and is not a regular file
/// (a device such as `/dev/null`, a FIFO) is written directly.
pub struct Sink {
    inner: Box<dyn Write>,
    temp: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    /// Standard output, or a temporary file that becomes `path` on commit.
    pub fn open(path: Option<&Path>) -> io::Result<Sink> {
        match path {
            None => Ok(Sink {
                inner: Box::new(BufWriter::with_capacity(BUFFER, io::stdout().lock())),
                temp: None,
            }),
            // Not a regular file (`/dev/null`, a FIFO, a terminal): written in place, since a
            // rename would replace the device or pipe itself.
            Some(p) if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) => Ok(Sink {
                inner: Box::new(BufWriter::with_capacity(
                    BUFFER,
                    std::fs::OpenOptions::new().write(true).open(p)?,
                )),
                temp: None,
            }),
            Some(p) => {
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
                let f = File::create(&tmp)?;
                Ok(Sink {
                    inner: Box::new(BufWriter::with_capacity(BUFFER, f)),
                    temp: Some((tmp, p.to_path_buf())),
                })
            }
        }
    }

    /// Writes a string.
    pub fn write(&mut self, s: &str) -> io::Result<()> {
        self.inner.write_all(s.as_bytes())
    }

    /// Flushes, and for a file renames the temporary file over the target.
    pub fn commit(mut self) -> io::Result<()> {
        self.inner.flush()?;
        drop(std::mem::replace(&mut self.inner, Box::new(io::sink())));
        if let Some((tmp, target)) = self.temp.take() {
            File::open(&tmp)?.sync_all()?;
            std::fs::rename(&tmp, &target)?;
        }
        Ok(())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.temp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}
