//! The session as the page sees it: the values the bindings (`wasm`, `wasm_views`) hand to
//! JavaScript, typed and serializable with camelCase keys, and the page's uploads in
//! chunks. Plain Rust, tested natively; the bindings only convert arguments and results.

use crate::budget::{Budget, OverBudget};
use crate::cli::complete::Completion;
use crate::content::Blob;
use crate::host::{self, Host, HostError};
use crate::Session;
use bytes::Bytes;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// What a finished line printed, how it ended, and whether it stopped at a question
/// (`Are you sure you want to continue? [y/N]`: the next line is the answer).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineOutput {
    pub stdout: String,
    pub stderr: String,
    /// Both, as the terminal shows them: in the order they were written.
    pub terminal: String,
    pub exit_code: i32,
    pub awaiting_answer: bool,
    /// The answer is typed without being shown (`Password: `).
    pub secret: bool,
    /// The container shell the next line goes to (its prompt ends `terminal`), if any.
    pub shell: Option<crate::cli::ShellInfo>,
    /// The line is still running, held by a container in the foreground until it ends or
    /// Ctrl-C; this is what it printed so far.
    pub held: bool,
}

impl LineOutput {
    /// Takes the output of the session's finished (or held) line (empty if none).
    pub fn take(session: &mut Session) -> LineOutput {
        let o = session.take_output();
        LineOutput::of(session, o)
    }

    /// Runs `line` to its end (moving the clock to what it waits for) and takes its
    /// output; a line held by a container stops there (see [`Session::run`]).
    pub fn run(session: &mut Session, line: &str) -> LineOutput {
        session.start(line);
        let o = session.finish();
        LineOutput::of(session, o)
    }

    fn of(session: &Session, o: crate::Output) -> LineOutput {
        LineOutput {
            stdout: o.stdout_text(),
            stderr: o.stderr_text(),
            terminal: String::from_utf8_lossy(&o.terminal()).into_owned(),
            exit_code: o.code,
            awaiting_answer: session.awaiting_answer(),
            secret: session.answer_is_secret(),
            shell: session.shell(),
            held: session.is_running(),
        }
    }
}

/// A host file as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostFile {
    pub name: String,
    pub size: u64,
}

/// The host files, sorted by name.
pub fn host_files(host: &dyn Host) -> Vec<HostFile> {
    host.list()
        .into_iter()
        .map(|(name, size)| HostFile { name, size })
        .collect()
}

/// Tab completion as the page applies it: the text before the cursor from `start` on is
/// replaced by one of `candidates`. `start` counts UTF-16 units, as JavaScript strings do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TabCompletion {
    pub start: usize,
    pub candidates: Vec<String>,
}

impl TabCompletion {
    /// The completions for the word that ends `line` (the text before the cursor).
    pub fn of(session: &mut Session, line: &str) -> TabCompletion {
        let Completion { start, candidates } = session.complete(line);
        TabCompletion {
            start: utf16_len(line.get(..start).unwrap_or(line)),
            candidates,
        }
    }
}

/// The length of `s` in UTF-16 units: a JavaScript string's `length`.
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Why a host file could not be read, written or uploaded; renders as the one line the
/// page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// As a shell reports it: `a.tar: No such file or directory`.
    Host { name: String, error: HostError },
    /// More than one buffer can hold (its size when it was known at the start).
    TooLarge(OverBudget),
    /// A chunk or end for a file whose upload was not begun (or was dropped).
    NotBegun { name: String },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Host { name, error } => write!(f, "{name}: {}", error.reason()),
            FileError::TooLarge(e) => write!(f, "{e}"),
            FileError::NotBegun { name } => write!(f, "{name}: no upload in progress"),
        }
    }
}

impl std::error::Error for FileError {}

/// The largest file the page holds in one buffer: wasm32 caps a buffer at 2 GiB. (What
/// commands build from it is held to the session's memory budget, [`crate::budget`].)
#[cfg(target_pointer_width = "32")]
pub const MAX_UPLOAD: u64 = (1 << 31) - 1;
#[cfg(not(target_pointer_width = "32"))]
pub const MAX_UPLOAD: u64 = 16 << 30;

fn host_error(name: &str) -> impl FnOnce(HostError) -> FileError + '_ {
    move |error| FileError::Host {
        name: name.to_string(),
        error,
    }
}

/// Adds a file the page keeps (a `File` the user opened) as the host file `name`, read by
/// range from `source` when a command needs its bytes.
pub fn open_file(
    host: &mut dyn Host,
    name: &str,
    source: std::sync::Arc<dyn crate::content::Source>,
) -> Result<(), FileError> {
    host.open(name, source).map_err(host_error(name))
}

/// A range of a host file, read from its pieces without joining them.
pub fn read_range(
    host: &dyn Host,
    name: &str,
    offset: u64,
    len: u64,
) -> Result<Vec<u8>, FileError> {
    host.read_range(name, offset, len).map_err(host_error(name))
}

/// A piece of something the page offers as a download: a range of a file the worker holds
/// (it slices the `File`, nothing is copied), or a range of the download itself that only
/// the core can produce (bytes in its memory, or inflated from a layer), which the worker
/// asks for in chunks ([`Download::read`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Piece {
    File {
        handle: u32,
        offset: u64,
        length: u64,
    },
    Core {
        offset: u64,
        length: u64,
    },
}

/// What the page is downloading, held by the core while the worker assembles it from
/// [`Download::pieces`]: never joined into one buffer.
#[derive(Clone, Debug, Default)]
pub struct Download {
    blob: Blob,
}

impl Download {
    pub fn new(blob: Blob) -> Download {
        Download { blob }
    }

    /// The host file `name` as a download.
    pub fn file(host: &dyn Host, name: &str) -> Result<Download, FileError> {
        host.blob(name).map(Download::new).map_err(host_error(name))
    }

    pub fn len(&self) -> u64 {
        self.blob.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blob.is_empty()
    }

    /// The download's pieces in order; adjacent ones the core produces are merged.
    pub fn pieces(&self) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        let mut at = 0u64;
        for leaf in self.blob.leaves() {
            let length = leaf.len();
            match (leaf.host_range(), out.last_mut()) {
                (Some((handle, offset, _)), _) => out.push(Piece::File {
                    handle,
                    offset,
                    length,
                }),
                (None, Some(Piece::Core { offset, length: l })) if *offset + *l == at => {
                    *l += length
                }
                (None, _) => out.push(Piece::Core { offset: at, length }),
            }
            at += length;
        }
        out
    }

    /// `len` bytes of the download from `offset` (fewer at its end).
    pub fn read(&self, offset: u64, len: u64) -> Result<Bytes, crate::content::BlobError> {
        self.blob.read(offset..offset.saturating_add(len))
    }
}

/// Files the page is adding in chunks, each held in one buffer until it ends, when it
/// becomes a host file. A file larger than the limit (or than memory allows) is refused
/// as early as its size shows it.
pub struct Uploads {
    limit: u64,
    open: HashMap<String, Vec<u8>>,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads::with_limit(MAX_UPLOAD)
    }
}

impl Uploads {
    /// Uploads of at most `limit` bytes a file.
    pub fn with_limit(limit: u64) -> Uploads {
        Uploads {
            limit,
            open: HashMap::new(),
        }
    }

    /// Begins the file `name` of `size` bytes (a file begun again starts over).
    pub fn begin(&mut self, name: &str, size: u64) -> Result<(), FileError> {
        host::clean(name).map_err(host_error(name))?;
        let mut buf = Vec::new();
        // One buffer per file: wasm32 caps it at 2 GiB, and memory may run out before.
        if size > self.limit || buf.try_reserve_exact(size as usize).is_err() {
            return Err(FileError::TooLarge(
                Budget::page(self.limit).over(name, Some(size)),
            ));
        }
        self.open.insert(name.to_string(), buf);
        Ok(())
    }

    /// Appends a chunk; past the limit, the upload is dropped.
    pub fn chunk(&mut self, name: &str, chunk: &[u8]) -> Result<(), FileError> {
        let buf = self.open.get_mut(name).ok_or_else(|| FileError::NotBegun {
            name: name.to_string(),
        })?;
        if buf.len() as u64 + chunk.len() as u64 > self.limit
            || buf.try_reserve(chunk.len()).is_err()
        {
            self.open.remove(name);
            return Err(FileError::TooLarge(
                Budget::page(self.limit).over(name, None),
            ));
        }
        buf.extend_from_slice(chunk);
        Ok(())
    }

    /// Ends the upload: the bytes become the host file `name`.
    pub fn end(&mut self, name: &str, host: &mut dyn Host) -> Result<(), FileError> {
        let buf = self.open.remove(name).ok_or_else(|| FileError::NotBegun {
            name: name.to_string(),
        })?;
        host.write(name, Bytes::from(buf)).map_err(host_error(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::MemHost;
    use serde_json::json;

    fn session() -> Session {
        Session::new(Box::new(MemHost::new()))
    }

    #[test]
    fn line_output_has_the_pages_keys() {
        let mut s = session();
        let out = LineOutput::run(&mut s, "echo hi; cat nope");
        assert_eq!(
            serde_json::to_value(&out).unwrap(),
            json!({"stdout": "hi\n", "stderr": "cat: nope: No such file or directory\n", "terminal": "hi\ncat: nope: No such file or directory\n", "exitCode": 1, "awaitingAnswer": false, "secret": false, "shell": null, "held": false})
        );
        // Taken once: nothing is left for the next call.
        assert_eq!(LineOutput::take(&mut s), LineOutput::default());
    }

    /// A file the worker holds under `handle`.
    struct Held(u32, Vec<u8>);

    impl crate::content::Source for Held {
        fn len(&self) -> u64 {
            self.1.len() as u64
        }
        fn read_at(&self, offset: u64, len: usize) -> Result<Bytes, crate::content::BlobError> {
            let a = (offset as usize).min(self.1.len());
            Ok(Bytes::copy_from_slice(
                &self.1[a..(a + len).min(self.1.len())],
            ))
        }
        fn name(&self) -> String {
            "held.tar".into()
        }
        fn handle(&self) -> Option<u32> {
            Some(self.0)
        }
    }

    #[test]
    fn a_download_is_the_users_file_where_it_can_be_and_the_cores_bytes_elsewhere() {
        let held = Blob::from_source(std::sync::Arc::new(Held(7, b"0123456789".to_vec())));
        let mut host = MemHost::new();
        // As `docker save -o` writes: headers from memory around slices of the user's file.
        let parts = vec![
            Blob::from(b"head".to_vec()),
            held.slice(2..6),
            Blob::from(b"mid".to_vec()),
            Blob::from(b"dle".to_vec()),
            held.slice(8..10),
        ];
        host.write_parts("out.tar", parts).unwrap();
        let d = Download::file(&host, "out.tar").unwrap();
        let pieces = d.pieces();
        assert_eq!(
            pieces,
            vec![
                Piece::Core {
                    offset: 0,
                    length: 4
                },
                Piece::File {
                    handle: 7,
                    offset: 2,
                    length: 4
                },
                Piece::Core {
                    offset: 8,
                    length: 6
                },
                Piece::File {
                    handle: 7,
                    offset: 8,
                    length: 2
                },
            ]
        );
        assert_eq!(
            serde_json::to_value(&pieces[1]).unwrap(),
            json!({"kind": "file", "handle": 7, "offset": 2, "length": 4})
        );
        // The worker reads the core's pieces from the download; joined, the pieces are
        // the file byte for byte.
        let mut joined = Vec::new();
        for p in &pieces {
            match *p {
                Piece::Core { offset, length } => {
                    joined.extend_from_slice(&d.read(offset, length).unwrap())
                }
                Piece::File { offset, length, .. } => {
                    joined.extend_from_slice(&held.read(offset..offset + length).unwrap())
                }
            }
        }
        assert_eq!(joined, host.read("out.tar").unwrap());
        assert_eq!(d.len(), 16);
        // A file that is not there is one line, as a shell says it.
        assert_eq!(
            Download::file(&host, "nope.tar").unwrap_err().to_string(),
            "nope.tar: No such file or directory"
        );
    }

    #[test]
    fn line_output_tells_a_question_is_pending() {
        let mut s = session();
        let out = LineOutput::run(&mut s, "docker image prune -a");
        assert!(out.awaiting_answer, "{out:?}");
        let out = LineOutput::run(&mut s, "n");
        assert!(!out.awaiting_answer, "{out:?}");
    }

    #[test]
    fn completion_start_counts_utf16_units() {
        assert_eq!(utf16_len("é🐳x"), 4);
        let mut s = session();
        s.run("echo x > 'é🐳.tar'");
        let line = "echo é🐳 > é";
        let c = TabCompletion::of(&mut s, line);
        assert_eq!(c.candidates, ["'é🐳.tar'"]);
        assert_eq!(c.start, utf16_len("echo é🐳 > "));
        assert_eq!(
            (c.start, "echo é🐳 > ".len()),
            (11, 14),
            "UTF-16 units, not bytes"
        );
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"start": 11, "candidates": ["'é🐳.tar'"]})
        );
    }

    #[test]
    fn host_files_are_listed_by_name() {
        let mut host = MemHost::new();
        host.write("b.tar", Bytes::from_static(b"bb")).unwrap();
        host.write("a.tar", Bytes::from_static(b"a")).unwrap();
        assert_eq!(
            serde_json::to_value(host_files(&host)).unwrap(),
            json!([{"name": "a.tar", "size": 1}, {"name": "b.tar", "size": 2}])
        );
    }

    #[test]
    fn uploads_assemble_chunks_into_a_host_file() {
        let mut host = MemHost::new();
        let mut up = Uploads::with_limit(10);
        up.begin("dir/a.tar", 6).unwrap();
        up.chunk("dir/a.tar", b"abc").unwrap();
        up.chunk("dir/a.tar", b"def").unwrap();
        up.end("dir/a.tar", &mut host).unwrap();
        assert_eq!(&host.read("dir/a.tar").unwrap()[..], b"abcdef");
        assert_eq!(read_range(&host, "dir/a.tar", 2, 3).unwrap(), b"cde");
        // Ended: it is no longer open.
        let err = up.end("dir/a.tar", &mut host).unwrap_err();
        assert_eq!(err.to_string(), "dir/a.tar: no upload in progress");
        let err = read_range(&host, "nope", 0, 1).unwrap_err();
        assert_eq!(err.to_string(), "nope: No such file or directory");
    }

    #[test]
    fn uploads_refuse_bad_names_and_files_past_the_limit() {
        let mut up = Uploads::with_limit(10);
        for bad in ["../x", "/x", "", "."] {
            let err = up.begin(bad, 1).unwrap_err();
            assert_eq!(err.to_string(), format!("{bad}: Invalid argument"));
        }
        let err = up.begin("big", 11).unwrap_err();
        assert_eq!(
            err.to_string(),
            "big: too large to hold in this browser tab (11 bytes; the limit is 10 bytes)"
        );
        // A size that understated the file: refused at the chunk past the limit, and dropped.
        up.begin("sly", 1).unwrap();
        up.chunk("sly", &[0; 10]).unwrap();
        let err = up.chunk("sly", &[0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sly: too large to hold in this browser tab (the limit is 10 bytes)"
        );
        assert_eq!(
            up.chunk("sly", &[0]).unwrap_err(),
            FileError::NotBegun { name: "sly".into() }
        );
        let err = Uploads::with_limit((1 << 31) - 1)
            .begin("huge", 3 << 30)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "huge: too large to hold in this browser tab (3 GiB; the limit is 2 GiB)"
        );
    }

    #[test]
    fn progress_has_the_pages_keys() {
        let p = crate::job::Progress {
            label: "Loading",
            done: 1,
            total: 2,
        };
        assert_eq!(
            serde_json::to_value(Some(p)).unwrap(),
            json!({"label": "Loading", "done": 1, "total": 2})
        );
        assert_eq!(
            serde_json::to_value(None::<crate::job::Progress>).unwrap(),
            json!(null)
        );
    }
}
