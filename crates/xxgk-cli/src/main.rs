//! The `xxgk` command: parse, normalize, check and summarize disclosure reports.

mod csv;
mod inputs;
mod output;
mod render;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use inputs::Input;
use output::Sink;
use rayon::prelude::*;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk::Report;

/// mimalloc instead of the system allocator (feature `mimalloc`, on by default): a parse
/// allocates a few hundred small buffers per report, and glibc's malloc/free/realloc were
/// about 8% of a batch's instructions.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "Parse Chinese government information-disclosure annual reports (政府信息公开工作年度报告) into typed, validated data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse reports and print their JSON (or CSV).
    Parse(ParseArgs),
    /// Print the normalized text of a report (or the edits made).
    Normalize(NormalizeArgs),
    /// Print a report's tables the way the template prints them.
    Tables(TablesArgs),
    /// Print every diagnostic of the reports, compiler style.
    Check(CheckArgs),
    /// Summarize a corpus: templates, years, success rate, diagnostics, requests.
    Stats(StatsArgs),
    /// Print the JSON Schema of the report JSON.
    Schema,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object (several inputs: a JSON array).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Indented JSON, for people.
    Pretty,
    /// CSV (see --csv).
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CsvKind {
    /// One row per table cell: file, agency, year, template, table, row, column, value, source.
    Cells,
    /// One row per report: metadata and diagnostic counts.
    Reports,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputArg {
    /// Sniff the content.
    Auto,
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// A Word .docx file.
    Docx,
}

#[derive(clap::Args)]
struct Common {
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(clap::Args)]
struct ParseArgs {
    /// Files, directories (walked recursively), glob patterns, or - for standard input.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Output format (default: json for one file, jsonl for several).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Which CSV with --format csv.
    #[arg(long, value_enum, default_value_t = CsvKind::Cells)]
    csv: CsvKind,
    /// Print official Chinese labels instead of row and column ids (CSV).
    #[arg(long)]
    labels_zh: bool,
    /// Start CSV output with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    bom: bool,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
struct NormalizeArgs {
    /// A file, or - for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// List the edits (original span, original text → replacement) instead of the text.
    #[arg(long)]
    edits: bool,
}

#[derive(clap::Args)]
struct TablesArgs {
    /// A file, or - for standard input.
    #[arg(default_value = "-")]
    input: String,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files, directories, glob patterns, or -.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// text (compiler style) or json.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Also match reports of the same agency in consecutive years and compare carried-over counts.
    #[arg(long)]
    across_years: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Compiler-style text with the source underlined.
    Text,
    /// One JSON object per report.
    Json,
}

#[derive(clap::Args)]
struct StatsArgs {
    /// Files, directories, glob patterns, or -.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    #[command(flatten)]
    common: Common,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(a) => cmd_parse(a),
        Command::Normalize(a) => cmd_normalize(a),
        Command::Tables(a) => cmd_tables(a),
        Command::Check(a) => render::cmd_check(a),
        Command::Stats(a) => render::cmd_stats(a),
        Command::Schema => {
            println!("{}", render::schema());
            Ok(true)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("xxgk: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn options(common: &Common) -> xxgk::Options {
    let input = match common.input {
        InputArg::Auto => xxgk::InputKind::Auto,
        InputArg::Text => xxgk::InputKind::Text,
        InputArg::Html => xxgk::InputKind::Html,
        InputArg::Docx => xxgk::InputKind::Docx,
    };
    xxgk::Options {
        input,
        ..xxgk::Options::default()
    }
}

/// Reads an input, at most `limit` + 1 bytes of it: a larger input is refused as `too_large`
/// without being held in memory.
fn read_input(input: &Input, limit: usize) -> Result<Vec<u8>, (String, String)> {
    let failed = |e: std::io::Error| ("read_failed".to_string(), e.to_string());
    let take = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut buf = Vec::new();
    match input {
        Input::Stdin => {
            std::io::stdin()
                .lock()
                .take(take)
                .read_to_end(&mut buf)
                .map_err(failed)?;
        }
        Input::File(p) => {
            let f = std::fs::File::open(p).map_err(failed)?;
            let size = match f.metadata() {
                Ok(m) if m.is_file() && m.len() > limit as u64 => {
                    return Err(too_large(m.len(), limit));
                }
                Ok(m) if m.is_file() => usize::try_from(m.len()).unwrap_or(0),
                _ => 0,
            };
            if size > 0 {
                // The size is known: read exactly that many bytes, into memory reserved for
                // them. When they all arrive, the file is read as it was when its size was
                // taken, with no further read that would only find its end (one system call
                // of the four per file). A file that shrank meanwhile ends where a read
                // returns nothing.
                buf.reserve_exact(size);
                f.take(size as u64).read_to_end(&mut buf).map_err(failed)?;
            } else {
                // No size (a pipe, a file of /proc): read to the end.
                f.take(take).read_to_end(&mut buf).map_err(failed)?;
            }
        }
        Input::Missing(_, why) => return Err(("not_found".to_string(), why.clone())),
    }
    if buf.len() > limit {
        return Err(too_large(buf.len() as u64, limit));
    }
    Ok(buf)
}

fn too_large(size: u64, limit: usize) -> (String, String) {
    let e = xxgk::Error::TooLarge {
        size: usize::try_from(size).unwrap_or(usize::MAX),
        limit,
    };
    (e.code().to_string(), e.to_string())
}

/// The outcome for one input: a report or an error record `(code, message)`.
pub(crate) type Outcome = Result<Report, (String, String)>;

pub(crate) fn parse_one(input: &Input, opts: &xxgk::Options) -> Outcome {
    let bytes = read_input(input, opts.max_input_bytes)?;
    // A panic in the library is a bug; it must still not abort the batch.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        xxgk::parse_with(&bytes, opts)
    })) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err((e.code().to_string(), e.to_string())),
        Err(_) => Err((
            "internal_error".to_string(),
            "the parser panicked (a bug)".to_string(),
        )),
    }
}

/// Runs `f` over the inputs in parallel, handing results to `sink` in input order. Inputs are
/// processed in chunks so memory stays bounded whatever the number of inputs: at most two chunks
/// are in flight, and the calling thread hands one chunk's results to `sink` (the output is
/// written there) while the workers parse the next, so they never wait for the writer.
pub(crate) fn for_each_ordered<T: Send>(
    inputs: &[Input],
    common: &Common,
    f: impl Fn(&Input) -> T + Sync,
    mut sink: impl FnMut(&Input, T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(j) = common.jobs {
            b = b.num_threads(j.max(1));
        }
        b.build().context("cannot start worker threads")?
    };
    let show = !common.quiet && std::io::stderr().is_terminal() && inputs.len() > 1;
    let bar = if show {
        let pb = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} files ({per_sec}, eta {eta})",
        ) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let chunk = 64 * pool.current_num_threads();
    let parts: Vec<&[Input]> = inputs.chunks(chunk).collect();
    let (f, bar) = (&f, &bar);
    let run = |part: &[Input]| -> Vec<T> {
        part.par_iter()
            .map(|i| {
                let r = f(i);
                bar.inc(1);
                r
            })
            .collect()
    };
    let run = &run;
    let outcome = pool.in_place_scope(|scope| -> anyhow::Result<()> {
        // Each chunk's results come back on its own channel, so they are taken in input
        // order whichever chunk finishes first.
        let mut pending = std::collections::VecDeque::with_capacity(2);
        let mut next = parts.into_iter();
        loop {
            while pending.len() < 2 {
                let Some(part) = next.next() else { break };
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
                scope.spawn(move |_| {
                    // The receiver is gone only when the writer gave up: nothing to tell.
                    let _ = tx.send(run(part));
                });
                pending.push_back((part, rx));
            }
            let Some((part, rx)) = pending.pop_front() else {
                break;
            };
            let results = rx
                .recv()
                .map_err(|_| anyhow::anyhow!("a worker thread stopped"))?;
            for (i, r) in part.iter().zip(results) {
                sink(i, r)?;
            }
        }
        Ok(())
    });
    bar.finish_and_clear();
    outcome
}

fn cmd_parse(a: ParseArgs) -> anyhow::Result<bool> {
    let inputs = inputs::expand(&a.inputs);
    let batch = inputs.len() != 1 || a.inputs.iter().any(|i| std::path::Path::new(i).is_dir());
    let format = a
        .format
        .unwrap_or(if batch { Format::Jsonl } else { Format::Json });
    let opts = options(&a.common);
    let mut sink = Sink::open(a.output.as_deref()).context("cannot open the output file")?;
    if format == Format::Csv {
        if a.bom {
            sink.write("\u{feff}")?;
        }
        sink.write(match a.csv {
            CsvKind::Cells => csv::CELLS_HEADER,
            CsvKind::Reports => csv::REPORTS_HEADER,
        })?;
    }
    if format == Format::Json && batch {
        sink.write("[")?;
    }
    let mut all_ok = true;
    let mut first = true;
    // Each record is formatted by the worker that parsed it, so the thread writing the
    // output only copies bytes and never holds back the workers, however many there are.
    let record = |input: &Input| {
        let outcome = parse_one(input, &opts);
        let name = input.name();
        let text = match (&outcome, format) {
            (Err((code, msg)), _) => match format {
                Format::Csv if a.csv == CsvKind::Reports => csv::error_row(&name, code, msg),
                Format::Csv => String::new(),
                _ => {
                    let rec =
                        serde_json::json!({"file": name, "error": {"code": code, "message": msg}});
                    if format == Format::Pretty {
                        serde_json::to_string_pretty(&rec).unwrap_or_default()
                    } else {
                        rec.to_string()
                    }
                }
            },
            (Ok(r), Format::Csv) => match a.csv {
                CsvKind::Cells => csv::cell_rows(&name, r, a.labels_zh),
                CsvKind::Reports => csv::report_row(&name, r),
            },
            (Ok(r), Format::Pretty) => with_file(&r.to_json_pretty(), &name, batch),
            (Ok(r), _) => with_file(&r.to_json(), &name, batch),
        };
        (outcome.err(), text)
    };
    for_each_ordered(&inputs, &a.common, record, |input, (error, text)| {
        if let Some((code, msg)) = error {
            all_ok = false;
            eprintln!("xxgk: {}: {msg} ({code})", input.name());
        }
        if text.is_empty() {
            return Ok(());
        }
        match format {
            Format::Csv => sink.write(&text)?,
            Format::Json if batch => {
                sink.write(if first { "\n" } else { ",\n" })?;
                sink.write(&text)?;
            }
            _ => {
                sink.write(&text)?;
                sink.write("\n")?;
            }
        }
        first = false;
        Ok(())
    })?;
    if format == Format::Json && batch {
        sink.write("\n]\n")?;
    }
    sink.commit().context("cannot write the output")?;
    Ok(all_ok)
}

/// In batch mode each record starts with the input's name: `{"file": "…", <report keys>}`.
fn with_file(json: &str, name: &str, batch: bool) -> String {
    if !batch {
        return json.to_string();
    }
    let file = serde_json::to_string(name).unwrap_or_default();
    match json.strip_prefix('{') {
        Some(rest) if rest.trim_start().starts_with('}') => format!("{{\"file\":{file}}}"),
        Some(rest) => format!("{{\"file\":{file},{rest}"),
        None => json.to_string(),
    }
}

fn single(input: &str) -> Input {
    inputs::expand(&[input.to_string()])
        .into_iter()
        .next()
        .unwrap_or(Input::Stdin)
}

fn cmd_normalize(a: NormalizeArgs) -> anyhow::Result<bool> {
    let input = single(&a.input);
    let limit = xxgk::Options::default().max_input_bytes;
    let bytes =
        read_input(&input, limit).map_err(|(_, m)| anyhow::anyhow!("{}: {m}", input.name()))?;
    let n = xxgk::normalize::normalize(&bytes).with_context(|| input.name())?;
    let mut sink = Sink::open(None)?;
    if a.edits {
        // One line per edit: original byte range, step, original text → replacement.
        for e in n.edits() {
            let original = bytes
                .get(e.original.range())
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            sink.write(&format!(
                "{}..{}\t{}\t{:?} → {:?}\n",
                e.original.start,
                e.original.end,
                e.step.name(),
                original,
                e.replacement
            ))?;
        }
        for d in n.diagnostics() {
            let at = d
                .span
                .map(|s| format!("{}..{}", s.start, s.end))
                .unwrap_or_default();
            sink.write(&format!("{at}\t{}\t{}\n", d.code, d.message))?;
        }
    } else {
        sink.write(n.text())?;
        if !n.text().ends_with('\n') {
            sink.write("\n")?;
        }
    }
    sink.commit()?;
    Ok(true)
}

fn cmd_tables(a: TablesArgs) -> anyhow::Result<bool> {
    let input = single(&a.input);
    let report = parse_one(&input, &xxgk::Options::default())
        .map_err(|(c, m)| anyhow::anyhow!("{}: {m} ({c})", input.name()))?;
    let mut sink = Sink::open(None)?;
    sink.write(&render::tables(&report))?;
    sink.commit()?;
    Ok(true)
}
