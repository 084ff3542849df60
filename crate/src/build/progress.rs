//! BuildKit's plain progress output (`--progress=plain`): numbered vertices, their log
//! lines, and `DONE`, `CACHED` or `ERROR`. Durations are the simulator's (0.0s): nothing
//! here takes measurable time.

#[derive(Debug, Default)]
pub struct Progress {
    text: String,
    next: usize,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let mut p = Progress {
            text: String::new(),
            next: 1,
            quiet,
        };
        p.line("#0 building with \"default\" instance using docker driver");
        p.line("");
        p
    }

    fn line(&mut self, s: &str) {
        if !self.quiet {
            self.text.push_str(s);
            self.text.push('\n');
        }
    }

    /// Starts a vertex: `#N name`.
    pub fn vertex(&mut self, name: &str) -> usize {
        let n = self.next;
        self.next += 1;
        self.line(&format!("#{n} {name}"));
        n
    }

    /// A status or output line of vertex `n`.
    pub fn log(&mut self, n: usize, s: &str) {
        self.line(&format!("#{n} {s}"));
    }

    /// Output of a RUN step, each line with its time since the step began.
    pub fn output(&mut self, n: usize, text: &str) {
        for l in text.lines() {
            self.line(&format!("#{n} 0.000 {l}"));
        }
    }

    pub fn done(&mut self, n: usize) {
        self.line(&format!("#{n} DONE 0.0s"));
        self.line("");
    }

    pub fn cached(&mut self, n: usize) {
        self.line(&format!("#{n} CACHED"));
        self.line("");
    }

    pub fn error(&mut self, n: usize, msg: &str) {
        self.line(&format!("#{n} ERROR: {msg}"));
    }

    /// What was printed (standard error of `docker build`).
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}
