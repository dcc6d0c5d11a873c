//! Performance of the quo-api runtime, measured side by side in one run and
//! printed as one table: `cargo bench -p quo-api-tests`.
//!
//! All traffic goes to an in-process HTTP/1.1 server on 127.0.0.1 (see
//! [`server`]): a thread per keep-alive connection answering from pages
//! rendered up front, so the server costs the same for every client and its
//! 5 ms delays are `std::thread::sleep`, not a timer wheel's 1 ms ticks.
//!
//! - overhead: `list_users_v1` through quo-api against the same request written
//!   by hand with reqwest + serde, in alternating rounds with 8 requests in
//!   flight, so that the client's CPU is what limits both;
//! - pagination: `stream()` wall time against the server's own delays, and
//!   heap high-water marks (a counting global allocator) for 2,000 and
//!   20,000 users;
//! - rate limit: 100 GETs from 8 tasks through a 50 rps client against a
//!   server that refuses more than 50 requests in a clock second;
//! - build cost: the codegen step alone, and whether a no-op
//!   `cargo build -p quo-api` reruns the build script.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use quo_api::{RateLimit, RetryPolicy};
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use serde::Deserialize;

#[global_allocator]
static HEAP: heap::CountingAllocator = heap::CountingAllocator;

/// Quo's largest page, and what `stream()` asks for by default.
const PAGE_SIZE: usize = 50;
/// The user agent both clients send, so their requests are the same bytes.
const AGENT: &str = "quo-api-bench";
/// Per-request timeout of both clients (quo-api's default), one timer each.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Requests per side before anything is timed: connections, caches, tracing callsites.
const WARMUP_REQUESTS: usize = 300;
/// Requests in one timed round of one side.
const ROUND_REQUESTS: usize = 500;
/// Requests in flight at once: enough to keep the client busy, so that
/// rounds measure its CPU cost rather than how fast an idle core wakes up.
const IN_FLIGHT: usize = 8;
/// Alternating rounds per side, unless [`OVERHEAD_BUDGET`] runs out first.
const ROUNDS: usize = 21;
/// Time cap on the overhead rounds, so a slow or busy machine still finishes.
const OVERHEAD_BUDGET: Duration = Duration::from_secs(30);

/// Users streamed for the wall-time row, and the server's delay per page.
const STREAM_USERS: usize = 2_000;
const STREAM_DELAY: Duration = Duration::from_millis(5);
/// Timed streams; the median is reported.
const STREAM_RUNS: usize = 5;
/// The two totals whose heap peaks are compared.
const HEAP_SMALL_USERS: usize = 2_000;
const HEAP_LARGE_USERS: usize = 20_000;
/// "A small multiple of one page": peak growth allowed, in pages (JSON body + decoded).
const HEAP_PAGES_ALLOWED: f64 = 4.0;
/// Peak growth for 10× the users may exceed the smaller run's by this factor at most.
const HEAP_SCALING_ALLOWED: f64 = 1.25;

/// The rate-limit scenario: requests, concurrent tasks, and the rate on both sides.
const LIMITED_REQUESTS: usize = 100;
const LIMITED_TASKS: usize = 8;
const LIMITED_RATE: u32 = 50;
/// Repetitions of the whole scenario; 429s are summed, wall times take the median.
const LIMITED_RUNS: usize = 3;

/// Codegen timings per document; the median is reported.
const CODEGEN_RUNS: usize = 5;
/// Where the no-op build probe builds, apart from `target/release`, which
/// `cargo bench` holds locked while this runs. Kept between runs, so only
/// the first bench run pays for a full debug build of quo-api.
const PROBE_TARGET_DIR: &str = "target/bench-noop";

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Other work on the machine moves the numbers: say how busy it was.
    let load = std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mut table = Table::default();
    runtime.block_on(async {
        overhead(&mut table).await;
        pagination(&mut table).await;
        heap_while_streaming(&mut table).await;
        rate_limit(&mut table).await;
    });
    codegen(&mut table);
    noop_build(&mut table);
    println!(
        "\nquo-api benchmarks: {cores} cores (available_parallelism), load average {load}, \
         client on one tokio current-thread runtime, server threads on loopback\n"
    );
    table.print();
}

/// A client like a program would build, with retries off (so that every
/// 429 reaches the caller) and the shared reqwest settings.
fn quo_client(base_url: &str, rate_limit: Option<RateLimit>) -> quo_api::Client {
    quo_api::Client::builder()
        .api_key(common::KEY)
        .base_url(base_url)
        .user_agent(AGENT)
        .rate_limit(rate_limit)
        .retry(RetryPolicy::none())
        .http_client(http_client())
        .build()
        .expect("a valid bench configuration")
}

/// The reqwest settings both sides of the overhead comparison use.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .expect("a plain reqwest client")
}

/// `total` users as the server's pages of [`PAGE_SIZE`], each pointing to the next.
fn user_pages(total: usize) -> Vec<Vec<u8>> {
    let count = total.div_ceil(PAGE_SIZE);
    (0..count)
        .map(|i| {
            let users = i * PAGE_SIZE..((i + 1) * PAGE_SIZE).min(total);
            let next = (i + 1 < count).then(|| server::page_token(i + 1));
            serde_json::to_vec(&common::page(users, next.as_deref())).expect("JSON")
        })
        .collect()
}

async fn overhead(table: &mut Table) {
    eprintln!("overhead: quo-api vs reqwest + serde, alternating rounds");
    let server = server::UsersServer::start(server::Behaviour::plain(user_pages(PAGE_SIZE)));
    let quo = quo_client(&server.base_url, None);
    let baseline = Baseline::new(&server.base_url);
    timed_round(WARMUP_REQUESTS, || quo_call(&quo)).await;
    timed_round(WARMUP_REQUESTS, || baseline_call(&baseline)).await;

    let deadline = Instant::now() + OVERHEAD_BUDGET;
    let mut pairs = Vec::new();
    while pairs.len() < ROUNDS && Instant::now() < deadline {
        let quo_round = timed_round(ROUND_REQUESTS, || quo_call(&quo)).await;
        let baseline_round = timed_round(ROUND_REQUESTS, || baseline_call(&baseline)).await;
        pairs.push((quo_round, baseline_round));
    }
    let rounds = pairs.len();
    let rate = |seconds: f64| ROUND_REQUESTS as f64 / seconds;
    let quo_rate = median_by(&pairs, |(quo, _)| rate(quo.wall));
    let baseline_rate = median_by(&pairs, |(_, baseline)| rate(baseline.wall));
    let ratio = median_by(&pairs, |(quo, baseline)| baseline.wall / quo.wall);
    table.info(
        format!(
            "overhead: baseline reqwest+serde, 1 page of {PAGE_SIZE} users, {IN_FLIGHT} in flight"
        ),
        format!("{baseline_rate:.0} req/s"),
        None,
    );
    table.check(
        format!("overhead: quo-api list_users_v1, same (median of {rounds} paired rounds)"),
        format!("{quo_rate:.0} req/s"),
        "≥ 0.95 × baseline".to_owned(),
        ratio,
        ratio >= 0.95,
    );
    if pairs
        .iter()
        .all(|(quo, baseline)| quo.cpu.is_some() && baseline.cpu.is_some())
    {
        let cpu = |round: &Round| {
            round
                .cpu
                .map_or(f64::NAN, |cpu| cpu * 1e6 / ROUND_REQUESTS as f64)
        };
        let quo_cpu = median_by(&pairs, |(quo, _)| cpu(quo));
        let baseline_cpu = median_by(&pairs, |(_, baseline)| cpu(baseline));
        table.info(
            "overhead: client CPU per request, quo-api vs baseline (ratio as above)".to_owned(),
            format!("{quo_cpu:.1} vs {baseline_cpu:.1} µs"),
            Some(median_by(&pairs, |(quo, baseline)| {
                cpu(baseline) / cpu(quo)
            })),
        );
    }
}

/// Seconds one round of calls took.
struct Round {
    wall: f64,
    /// CPU time of the client's thread, which runs all client work (the
    /// runtime is current-thread); unlike `wall`, not stretched when other
    /// processes take the core. `None` where the OS does not tell.
    cpu: Option<f64>,
}

/// Makes `requests` calls, [`IN_FLIGHT`] at a time.
async fn timed_round<F, Fut>(requests: usize, call: F) -> Round
where
    F: Fn() -> Fut,
    Fut: Future<Output = usize>,
{
    let cpu_before = thread_cpu_time();
    let started = Instant::now();
    futures::stream::iter(0..requests)
        .for_each_concurrent(IN_FLIGHT, |_| async {
            assert_eq!(call().await, PAGE_SIZE);
        })
        .await;
    let wall = started.elapsed().as_secs_f64();
    let cpu = thread_cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before).as_secs_f64());
    Round { wall, cpu }
}

/// CPU time the calling thread has run for.
#[cfg(unix)]
fn thread_cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    let seconds = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    (status == 0).then(|| Duration::new(seconds, nanos))
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

/// One `list_users_v1` call through quo-api; returns the users decoded.
async fn quo_call(client: &quo_api::Client) -> usize {
    let page = client
        .list_users_v1()
        .max_results(PAGE_SIZE)
        .send()
        .await
        .expect("the bench server answers 200")
        .into_inner();
    black_box(page).data.len()
}

/// The same call through the baseline.
async fn baseline_call(baseline: &Baseline) -> usize {
    black_box(baseline.list_users().await).data.len()
}

/// `GET /v1/users` written by hand: the same URL, query and headers as
/// quo-api sends, decoded into a struct of the same shape. The floor that
/// quo-api's generated builder, hooks and error mapping are measured against.
struct Baseline {
    http: reqwest::Client,
    base_url: String,
}

#[derive(Deserialize)]
#[expect(dead_code, reason = "decoded for the comparison, never read")]
struct BaselinePage {
    data: Vec<BaselineUser>,
    #[serde(rename = "nextPageToken")]
    next_page_token: Option<String>,
    #[serde(rename = "totalItems")]
    total_items: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[expect(dead_code, reason = "decoded for the comparison, never read")]
struct BaselineUser {
    id: String,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    picture_url: Option<String>,
    role: BaselineRole,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum BaselineRole {
    Owner,
    Admin,
    Member,
}

impl Baseline {
    fn new(base_url: &str) -> Self {
        Self {
            http: http_client(),
            base_url: base_url.to_owned(),
        }
    }

    async fn list_users(&self) -> BaselinePage {
        self.http
            .get(format!("{}/v1/users", self.base_url))
            .query(&[("maxResults", PAGE_SIZE)])
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, common::KEY)
            .header(USER_AGENT, AGENT)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the bench server answers 200")
            .json()
            .await
            .expect("a page of users")
    }
}

async fn pagination(table: &mut Table) {
    eprintln!("pagination: streaming {STREAM_USERS} users, {STREAM_DELAY:?} per page");
    let server = server::UsersServer::start(server::Behaviour {
        delay: STREAM_DELAY,
        ..server::Behaviour::plain(user_pages(STREAM_USERS))
    });
    let client = quo_client(&server.base_url, None);
    stream_all(&client, STREAM_USERS).await;
    let mut walls: Vec<f64> = Vec::new();
    for _ in 0..STREAM_RUNS {
        let started = Instant::now();
        stream_all(&client, STREAM_USERS).await;
        walls.push(started.elapsed().as_secs_f64());
    }
    let bound = (STREAM_USERS.div_ceil(PAGE_SIZE) as u32 * STREAM_DELAY).as_secs_f64();
    let wall = median(&mut walls);
    let ratio = wall / bound;
    table.check(
        format!(
            "pagination: stream() {STREAM_USERS} users, server +{STREAM_DELAY:?}/page (median of {STREAM_RUNS})"
        ),
        format!("{:.1} ms", wall * 1e3),
        format!("{:.0} ms bound; ≤ 1.10", bound * 1e3),
        ratio,
        ratio <= 1.10,
    );
}

/// Streams every user, one at a time, without keeping any.
async fn stream_all(client: &quo_api::Client, expected: usize) {
    let mut users = client.list_users_v1().stream();
    let mut count = 0;
    while let Some(user) = users.next().await {
        black_box(user.expect("the bench server serves every page"));
        count += 1;
    }
    assert_eq!(count, expected);
}

async fn heap_while_streaming(table: &mut Table) {
    eprintln!("heap: peak growth while streaming {HEAP_SMALL_USERS} and {HEAP_LARGE_USERS} users");
    let large_pages = user_pages(HEAP_LARGE_USERS);
    let body = large_pages[0].clone();
    heap::start();
    let decoded: quo_api::types::ListUsersV1Response =
        serde_json::from_slice(&body).expect("a page of users");
    let decoded_bytes = heap::growth();
    drop(decoded);
    heap::stop();
    let page_bytes = body.len() + decoded_bytes;

    let small_growth = peak_growth_streaming(user_pages(HEAP_SMALL_USERS), HEAP_SMALL_USERS).await;
    let large_growth = peak_growth_streaming(large_pages, HEAP_LARGE_USERS).await;

    table.info(
        format!("heap: one page of {PAGE_SIZE} users, JSON body"),
        kib(body.len()),
        None,
    );
    table.info(
        "heap: one page decoded (ListUsersV1Response)".to_owned(),
        kib(decoded_bytes),
        None,
    );
    for (users, growth) in [
        (HEAP_SMALL_USERS, small_growth),
        (HEAP_LARGE_USERS, large_growth),
    ] {
        let pages = growth as f64 / page_bytes as f64;
        table.check(
            format!("heap: peak growth streaming {users} users"),
            kib(growth),
            format!("≤ {HEAP_PAGES_ALLOWED} × page (body+decoded)"),
            pages,
            pages <= HEAP_PAGES_ALLOWED,
        );
    }
    let scaling = large_growth as f64 / small_growth as f64;
    table.check(
        format!("heap: peak growth {HEAP_LARGE_USERS} / {HEAP_SMALL_USERS} users"),
        format!("{scaling:.2}×"),
        format!("≤ {HEAP_SCALING_ALLOWED} (flat in the total)"),
        scaling,
        scaling <= HEAP_SCALING_ALLOWED,
    );
}

/// Bytes the heap grows by at its peak while `stream()` walks `pages`, on a
/// client warmed by one earlier walk (its connection and buffers already live).
async fn peak_growth_streaming(pages: Vec<Vec<u8>>, users: usize) -> usize {
    let server = server::UsersServer::start(server::Behaviour::plain(pages));
    let client = quo_client(&server.base_url, None);
    stream_all(&client, users).await;
    heap::start();
    stream_all(&client, users).await;
    heap::stop()
}

async fn rate_limit(table: &mut Table) {
    eprintln!(
        "rate limit: {LIMITED_REQUESTS} GETs, {LIMITED_TASKS} tasks, {LIMITED_RATE} rps, {LIMITED_RUNS} runs"
    );
    let mut too_many = 0;
    let mut walls = Vec::new();
    let mut shortest_span = Duration::MAX;
    for _ in 0..LIMITED_RUNS {
        let run = limited_run().await;
        walls.push(run.wall);
        too_many += run.too_many;
        shortest_span = shortest_span.min(run.shortest_span);
    }
    let bound = LIMITED_REQUESTS as f64 / f64::from(LIMITED_RATE);
    let wall = median(&mut walls);
    let ratio = wall / bound;
    table.check(
        format!(
            "rate limit: 429s seen, {LIMITED_RUNS} × {LIMITED_REQUESTS} GETs (server: {LIMITED_RATE} per clock second)"
        ),
        too_many.to_string(),
        "0".to_owned(),
        f64::NAN,
        too_many == 0,
    );
    table.check(
        format!(
            "rate limit: wall, {LIMITED_TASKS} tasks, RateLimit::per_second({LIMITED_RATE}) burst 1 (median)"
        ),
        format!("{wall:.3} s"),
        format!("{bound:.2} s bound; ≤ 1.15"),
        ratio,
        ratio <= 1.15,
    );
    let span = shortest_span.as_secs_f64();
    let over_limit = LIMITED_RATE + 1;
    table.check(
        format!("rate limit: shortest time in which {over_limit} requests arrived"),
        format!("{:.1} ms", span * 1e3),
        format!("≥ 1000 ms, else a second can hold {over_limit}"),
        span,
        span >= 1.0,
    );
}

/// What one run of the rate-limit scenario saw.
struct LimitedRun {
    wall: f64,
    too_many: usize,
    /// The shortest time in which `LIMITED_RATE + 1` requests reached the server.
    shortest_span: Duration,
}

/// One run of the rate-limit scenario, on a fresh client and a fresh
/// server (so that no clock second holds requests of two runs).
async fn limited_run() -> LimitedRun {
    let server = server::UsersServer::start(server::Behaviour {
        per_second_limit: Some(LIMITED_RATE),
        ..server::Behaviour::plain(user_pages(PAGE_SIZE))
    });
    let limit = RateLimit::per_second(f64::from(LIMITED_RATE));
    let client = quo_client(&server.base_url, Some(limit));
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..LIMITED_TASKS)
        .map(|_| {
            let client = client.clone();
            let issued = Arc::clone(&issued);
            tokio::spawn(async move {
                let mut too_many = 0;
                while issued.fetch_add(1, Ordering::Relaxed) < LIMITED_REQUESTS {
                    match client.list_users_v1().max_results(PAGE_SIZE).send().await {
                        Ok(page) => {
                            black_box(page);
                        }
                        Err(e) if e.status() == Some(reqwest::StatusCode::TOO_MANY_REQUESTS) => {
                            too_many += 1;
                        }
                        Err(e) => panic!("rate-limited request failed: {e}"),
                    }
                }
                too_many
            })
        })
        .collect();
    let mut too_many = 0;
    for task in tasks {
        too_many += task.await.expect("a bench task");
    }
    let wall = started.elapsed().as_secs_f64();
    let over_limit = LIMITED_RATE as usize + 1;
    let shortest_span = server
        .arrivals()
        .windows(over_limit)
        .map(|span| span[over_limit - 1] - span[0])
        .min()
        .unwrap_or(Duration::MAX);
    LimitedRun {
        wall,
        too_many,
        shortest_span,
    }
}

fn codegen(table: &mut Table) {
    eprintln!("build cost: codegen step");
    let root = workspace_root();
    let corpus = largest_corpus_document(&root);
    let mut documents = vec![root.join("openapi/quo-public-api-v1.json")];
    documents.extend(corpus.clone().ok().flatten());
    for path in documents {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = std::fs::read_to_string(&path).expect("a readable spec");
        let spec: serde_json::Value = serde_json::from_str(&text).expect("spec JSON");
        let options = quo_api_codegen::Options::default();
        let mut times: Vec<f64> = (0..CODEGEN_RUNS)
            .map(|_| {
                let started = Instant::now();
                let generated = quo_api_codegen::generate(&spec, &options).expect("codegen");
                let elapsed = started.elapsed().as_secs_f64();
                black_box(generated);
                elapsed
            })
            .collect();
        table.info(
            format!(
                "codegen: {name} ({}, median of {CODEGEN_RUNS})",
                kib(text.len())
            ),
            format!("{:.0} ms", median(&mut times) * 1e3),
            None,
        );
    }
    let skipped = "codegen: largest QUO_SPEC_CORPUS document".to_owned();
    match corpus {
        Ok(Some(_)) => {}
        Ok(None) => table.skipped(skipped, "QUO_SPEC_CORPUS not set".to_owned()),
        Err(e) => table.skipped(skipped, e),
    }
}

/// The largest `*.json` in `QUO_SPEC_CORPUS` (relative to the workspace root), if set.
fn largest_corpus_document(root: &Path) -> Result<Option<PathBuf>, String> {
    let Some(folder) = std::env::var_os("QUO_SPEC_CORPUS") else {
        return Ok(None);
    };
    let folder = root.join(folder);
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    Ok(entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let size = path.metadata().ok()?.len();
            path.extension()
                .is_some_and(|x| x == "json")
                .then_some((size, path))
        })
        .max()
        .map(|(_, path)| path))
}

/// Builds quo-api twice; a no-op build must not run its build script again.
fn noop_build(table: &mut Table) {
    eprintln!("build cost: no-op `cargo build -p quo-api` (in {PROBE_TARGET_DIR})");
    let measurement = "build: no-op `cargo build -p quo-api` reruns build.rs?".to_owned();
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = || {
        Command::new(&cargo)
            .args(["build", "--locked", "-p", "quo-api", "-v"])
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", root.join(PROBE_TARGET_DIR))
            .stdin(Stdio::null())
            .output()
    };
    let second = match build().and_then(|first| {
        if first.status.success() {
            build()
        } else {
            Ok(first)
        }
    }) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return table.skipped(measurement, "cargo not found".to_owned());
        }
        Err(e) => return table.skipped(measurement, format!("cargo: {e}")),
        Ok(output) => output,
    };
    let stderr = String::from_utf8_lossy(&second.stderr);
    if !second.status.success() {
        let last = stderr.lines().last().unwrap_or_default();
        return table.skipped(measurement, format!("cargo build failed: {last}"));
    }
    let reran = stderr.lines().any(runs_quo_api_build_script);
    table.check(
        measurement,
        if reran { "reran" } else { "fresh" }.to_owned(),
        "fresh".to_owned(),
        f64::NAN,
        !reran,
    );
}

/// Whether a line of cargo's `-v` output runs quo-api's build script:
/// ``Running `…/build/quo-api-<hash>/build-script-build` ``.
fn runs_quo_api_build_script(line: &str) -> bool {
    let Some(program) = line
        .trim()
        .strip_prefix("Running `")
        .and_then(|command| command.strip_suffix('`'))
        .map(Path::new)
    else {
        return false;
    };
    let out_dir = program.parent().and_then(Path::file_name);
    program.file_name() == Some("build-script-build".as_ref())
        && out_dir
            .and_then(|dir| dir.to_str()?.strip_prefix("quo-api-"))
            .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned()
}

fn median_by<T>(items: &[T], value: impl Fn(&T) -> f64) -> f64 {
    let mut values: Vec<f64> = items.iter().map(value).collect();
    median(&mut values)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// The one table the bench prints.
#[derive(Default)]
struct Table {
    rows: Vec<[String; 5]>,
}

impl Table {
    /// A measured value with a target: `ratio` is what the target bounds (NaN when there is none).
    fn check(
        &mut self,
        measurement: String,
        value: String,
        target: String,
        ratio: f64,
        pass: bool,
    ) {
        let ratio = if ratio.is_nan() {
            "-".to_owned()
        } else {
            format!("{ratio:.3}")
        };
        let verdict = if pass { "pass" } else { "MISS" };
        self.rows
            .push([measurement, value, target, ratio, verdict.to_owned()]);
    }

    /// A measured value given for scale, without a target.
    fn info(&mut self, measurement: String, value: String, ratio: Option<f64>) {
        let ratio = ratio.map_or_else(|| "-".to_owned(), |ratio| format!("{ratio:.3}"));
        self.rows
            .push([measurement, value, "-".to_owned(), ratio, "info".to_owned()]);
    }

    /// A measurement that could not be taken, and why.
    fn skipped(&mut self, measurement: String, reason: String) {
        self.rows.push([
            measurement,
            reason,
            "-".to_owned(),
            "-".to_owned(),
            "skipped".to_owned(),
        ]);
    }

    fn print(&self) {
        let header =
            ["measurement", "value", "bound/target", "ratio", "pass/miss"].map(String::from);
        let mut widths = header.clone().map(|h| h.chars().count());
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: &[String; 5]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        line(&header);
        println!("|{}|", widths.map(|w| "-".repeat(w + 2)).join("|"));
        for row in &self.rows {
            line(row);
        }
    }
}

/// A global allocator around `System` that, while switched on, counts the
/// heap's growth (bytes requested minus bytes freed, all threads) and its
/// high-water mark. Off, it costs one relaxed load per call, so the other
/// scenarios are not taxed per allocation (which would favour whichever side
/// allocates less).
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

    static COUNTING: AtomicBool = AtomicBool::new(false);
    /// Since counting started; negative after freeing older blocks.
    static GROWTH: AtomicIsize = AtomicIsize::new(0);
    static PEAK: AtomicIsize = AtomicIsize::new(0);

    pub struct CountingAllocator;

    // SAFETY: every call is forwarded unchanged to `System`; the counters only observe.
    unsafe impl GlobalAlloc for CountingAllocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: the caller's contract for `alloc` is passed on as is.
            let ptr = unsafe { System.alloc(layout) };
            if !ptr.is_null() {
                changed(size(layout.size()));
            }
            ptr
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: as for `alloc`.
            let ptr = unsafe { System.alloc_zeroed(layout) };
            if !ptr.is_null() {
                changed(size(layout.size()));
            }
            ptr
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from this allocator, which is `System`'s.
            unsafe { System.dealloc(ptr, layout) };
            changed(-size(layout.size()));
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: as for `dealloc`, with the caller's `new_size` contract passed on.
            let moved = unsafe { System.realloc(ptr, layout, new_size) };
            if !moved.is_null() {
                changed(size(new_size) - size(layout.size()));
            }
            moved
        }
    }

    /// Allocation sizes never exceed `isize::MAX`.
    fn size(bytes: usize) -> isize {
        bytes as isize
    }

    fn changed(delta: isize) {
        if !COUNTING.load(Ordering::Relaxed) {
            return;
        }
        let growth = GROWTH.fetch_add(delta, Ordering::Relaxed) + delta;
        if delta > 0 {
            PEAK.fetch_max(growth, Ordering::Relaxed);
        }
    }

    /// Starts counting from zero.
    pub fn start() {
        GROWTH.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::Relaxed);
    }

    /// Bytes the heap has grown by since [`start`].
    pub fn growth() -> usize {
        GROWTH.load(Ordering::Relaxed).max(0).unsigned_abs()
    }

    /// Stops counting; returns the most the heap had grown by at once.
    pub fn stop() -> usize {
        COUNTING.store(false, Ordering::Relaxed);
        PEAK.load(Ordering::Relaxed).max(0).unsigned_abs()
    }
}

/// A minimal HTTP/1.1 keep-alive server for `GET /v1/users`, one thread per
/// connection, answering from responses rendered before it starts so that
/// it allocates nothing per request (the heap rows count every thread); only
/// a rate-limited server keeps a log, of arrival times.
mod server {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    /// Largest request head accepted; reqwest's are a few hundred bytes.
    const MAX_HEAD: usize = 8 * 1024;
    const BAD_REQUEST: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
    const UNAUTHORIZED: &[u8] = b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n";
    const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
    const TOO_MANY: &[u8] = b"HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n\r\n";

    /// The token that asks for page `index` (opaque to the client, 40 characters).
    pub fn page_token(index: usize) -> String {
        format!("{index:040x}")
    }

    /// What the server answers.
    pub struct Behaviour {
        /// JSON bodies of `GET /v1/users?maxResults=50`: page 0 without a
        /// token, page i for [`page_token`]`(i)`.
        pub pages: Vec<Vec<u8>>,
        /// Added before every response.
        pub delay: Duration,
        /// Answer 429 to requests past this many in one wall-clock second
        /// (a fixed window per second, as Quo's gateway counts).
        pub per_second_limit: Option<u32>,
    }

    impl Behaviour {
        /// The pages, at once, without a limit.
        pub fn plain(pages: Vec<Vec<u8>>) -> Self {
            Self {
                pages,
                delay: Duration::ZERO,
                per_second_limit: None,
            }
        }
    }

    struct Shared {
        responses: Vec<Vec<u8>>,
        delay: Duration,
        per_second_limit: Option<u32>,
        window: Mutex<Window>,
        /// `authorization: <key>` as a header line, to check every request carries it.
        authorization: Vec<u8>,
    }

    /// The rate limiter's state: the current clock second and what arrived in it.
    #[derive(Default)]
    struct Window {
        /// Seconds since the Unix epoch.
        second: u64,
        /// Requests counted in `second`, 429s included.
        count: u32,
        /// When each rate-limited request arrived, to explain any 429.
        arrivals: Vec<Instant>,
    }

    /// A running server; stops accepting when dropped (open connections end
    /// when their clients close them).
    pub struct UsersServer {
        pub base_url: String,
        addr: SocketAddr,
        stop: Arc<AtomicBool>,
        shared: Arc<Shared>,
    }

    impl UsersServer {
        pub fn start(behaviour: Behaviour) -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let addr = listener.local_addr().expect("a bound address");
            let responses = behaviour
                .pages
                .iter()
                .map(|body| {
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(body);
                    response
                })
                .collect();
            let shared = Arc::new(Shared {
                responses,
                delay: behaviour.delay,
                per_second_limit: behaviour.per_second_limit,
                window: Mutex::default(),
                authorization: format!("\r\nauthorization: {}\r\n", super::common::KEY)
                    .into_bytes(),
            });
            let stop = Arc::new(AtomicBool::new(false));
            let stopping = Arc::clone(&stop);
            let serving = Arc::clone(&shared);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::Relaxed) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let shared = Arc::clone(&serving);
                    std::thread::spawn(move || serve(stream, &shared));
                }
            });
            Self {
                base_url: format!("http://{addr}"),
                addr,
                stop,
                shared,
            }
        }

        /// When each rate-limited request arrived, in order.
        pub fn arrivals(&self) -> Vec<Instant> {
            let window = self.shared.window.lock().unwrap_or_else(|e| e.into_inner());
            let mut arrivals = window.arrivals.clone();
            arrivals.sort();
            arrivals
        }
    }

    impl Drop for UsersServer {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::Relaxed);
            // Wakes the accept loop so that it sees the flag.
            let _ = TcpStream::connect(self.addr);
        }
    }

    /// Answers requests on one connection until the client closes it.
    fn serve(mut stream: TcpStream, shared: &Shared) {
        let _ = stream.set_nodelay(true);
        let mut buffer = [0u8; MAX_HEAD];
        let mut filled = 0;
        loop {
            let head_len = loop {
                if let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
                    break end + 4;
                }
                if filled == buffer.len() {
                    return;
                }
                match stream.read(&mut buffer[filled..]) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => filled += n,
                }
            };
            let response = shared.answer(&buffer[..head_len]);
            if !shared.delay.is_zero() {
                std::thread::sleep(shared.delay);
            }
            if stream.write_all(response).is_err() {
                return;
            }
            buffer.copy_within(head_len..filled, 0);
            filled -= head_len;
        }
    }

    impl Shared {
        fn answer(&self, head: &[u8]) -> &[u8] {
            let Some(query) = head.strip_prefix(b"GET /v1/users?") else {
                return NOT_FOUND;
            };
            let target = &query[..query.iter().position(|&b| b == b' ').unwrap_or(0)];
            if find(head, &self.authorization).is_none() {
                return UNAUTHORIZED;
            }
            if !self.admit() {
                return TOO_MANY;
            }
            let mut page_size_ok = false;
            let mut page = 0;
            for pair in target.split(|&b| b == b'&') {
                let mut parts = pair.splitn(2, |&b| b == b'=');
                match (parts.next(), parts.next()) {
                    (Some(b"maxResults"), Some(b"50")) => page_size_ok = true,
                    (Some(b"pageToken"), Some(token)) => {
                        match std::str::from_utf8(token)
                            .ok()
                            .and_then(|hex| usize::from_str_radix(hex, 16).ok())
                        {
                            Some(index) => page = index,
                            None => return BAD_REQUEST,
                        }
                    }
                    _ => return BAD_REQUEST,
                }
            }
            match self.responses.get(page) {
                Some(response) if page_size_ok => response,
                _ => BAD_REQUEST,
            }
        }

        /// Counts the request in its clock second; false past the limit.
        fn admit(&self) -> bool {
            let Some(limit) = self.per_second_limit else {
                return true;
            };
            let arrived = Instant::now();
            let second = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_secs());
            let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
            if window.second != second {
                window.second = second;
                window.count = 0;
            }
            window.count += 1;
            window.arrivals.push(arrived);
            window.count <= limit
        }
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack
            .windows(needle.len())
            .position(|window| window == needle)
    }
}
