//! The meeting calendar (`[schedule]`, `/calendar.ics`, the next meeting on the home page) and
//! action items and decisions (`/actions/`, `/decisions/`, issue and person pages, the JSON
//! export, search records), on `tests/fixtures/calendar/` and on the real Security WG archive.

use crate::common::{build_with, fixture, main_of, temp_site, wgsite, Built};
use icalendar::{Component, DatePerhapsTime};
use wgsite::model::Date;
use wgsite::Options;

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("valid date")
}

/// The `dst` fixture built as if on `today`.
fn dst_site(today: Date) -> Built {
    build_with(Options {
        root: fixture("calendar/dst"),
        today: Some(today),
        ..Options::default()
    })
}

/// One event of the calendar, as an iCalendar parser reads it.
#[derive(Debug, Clone, PartialEq)]
struct Ev {
    uid: String,
    /// `2024-02-01T16:00:00Z`, or `2024-02-01` for an all-day event.
    start: String,
    end: String,
    summary: String,
    url: Option<String>,
    description: String,
}

fn when(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => {
            t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
        other => panic!("not a date or a UTC time: {other:?}"),
    }
}

/// Parses `/calendar.ics` with the `icalendar` crate.
fn events(ics: &str) -> Vec<Ev> {
    let cal: icalendar::Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"));
    cal.events()
        .map(|e| Ev {
            uid: e.get_uid().unwrap_or_default().to_string(),
            start: when(e.get_start()),
            end: when(e.get_end()),
            summary: e.get_summary().unwrap_or_default().to_string(),
            url: e.get_url().map(str::to_string),
            description: e.get_description().unwrap_or_default().to_string(),
        })
        .collect()
}

#[test]
fn calendar_lists_past_meetings_and_the_next_six_months_across_daylight_saving() {
    let site = dst_site(date(2024, 3, 1));
    let all = events(&site.read("calendar.ics"));
    let starts: Vec<&str> = all.iter().map(|e| e.start.as_str()).collect();
    assert_eq!(
        starts,
        [
            // The minutes: 11:00 in New York is 16:00 UTC before daylight saving starts.
            "2024-02-01T16:00:00Z",
            "2024-02-15T16:00:00Z",
            "2024-02-29T16:00:00Z",
            // Scheduled, after 2024-03-10: 15:00 UTC.
            "2024-03-14T15:00:00Z",
            "2024-03-28T15:00:00Z",
            // The explicit extra session (a Tuesday, 16:30 New York time).
            "2024-04-02T20:30:00Z",
            "2024-04-11T15:00:00Z",
            "2024-04-25T15:00:00Z",
            "2024-05-09T15:00:00Z",
            "2024-05-23T15:00:00Z",
            "2024-06-06T15:00:00Z",
            "2024-06-20T15:00:00Z",
            // 2024-07-04 is an exception.
            "2024-07-18T15:00:00Z",
            "2024-08-01T15:00:00Z",
            "2024-08-15T15:00:00Z",
            "2024-08-29T15:00:00Z",
        ]
    );
    let first = &all[0];
    assert_eq!(first.uid, "2024-02-01@example.org/cal-wg");
    assert_eq!(first.end, "2024-02-01T17:30:00Z", "90 minutes");
    assert_eq!(first.summary, "Calendar WG Meeting 2024-02-01");
    assert_eq!(
        first.url.as_deref(),
        Some("https://example.org/cal-wg/meetings/2024-02-01/")
    );
    assert!(
        first.description.contains("Threat model (acme/wg#10)"),
        "{first:?}"
    );
    let next = &all[3];
    assert_eq!(next.summary, "Calendar WG, every other Thursday");
    assert_eq!(next.url.as_deref(), Some("https://meet.example.org/cal-wg"));
    assert_eq!(all[5].summary, "Extra session: threat model review");

    // Built in October, the calendar shows the November change back to 16:00 UTC.
    let autumn = events(&dst_site(date(2024, 10, 1)).read("calendar.ics"));
    let times: Vec<&str> = autumn
        .iter()
        .filter(|e| e.start.starts_with("2024-1"))
        .map(|e| e.start.as_str())
        .collect();
    assert_eq!(
        &times[..4],
        [
            "2024-10-10T15:00:00Z",
            "2024-10-24T15:00:00Z",
            "2024-11-07T16:00:00Z",
            "2024-11-21T16:00:00Z"
        ]
    );
    assert!(autumn.iter().all(|e| e.start.as_str() < "2025-04-02"));
}

#[test]
fn calendar_lines_are_crlf_folded_at_75_octets_and_escaped() {
    let site = dst_site(date(2024, 3, 1));
    let ics = site.read("calendar.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    let mut folded = 0;
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        folded += usize::from(line.starts_with(' '));
    }
    assert!(folded > 0, "long descriptions are folded");
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded
            .contains("X-WR-CALDESC:Commas\\, semicolons\\; and \\\\ backslashes must be escaped"),
        "{unfolded}"
    );
    // Every event has the properties RFC 5545 requires.
    let blocks: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    assert_eq!(blocks.len(), 16);
    for b in blocks {
        for p in ["\r\nUID:", "\r\nDTSTAMP:", "\r\nDTSTART"] {
            assert!(b.contains(p), "{p} missing in {b}");
        }
    }
}

#[test]
fn a_scheduled_meeting_keeps_its_uid_once_its_minutes_exist() {
    let before = events(&dst_site(date(2024, 3, 1)).read("calendar.ics"));
    let scheduled = before
        .iter()
        .find(|e| e.start.starts_with("2024-03-14"))
        .expect("scheduled");
    let dir = temp_site(
        &std::fs::read_to_string(fixture("calendar/dst/site.toml")).expect("site.toml"),
        &[(
            "2024-03-14.md",
            "# Calendar WG Meeting 2024-03-14\n\n## Present\n\n* Ana Souza (@anasouza)\n",
        )],
    );
    let after = events(
        &build_with(Options {
            root: dir.path().to_path_buf(),
            today: Some(date(2024, 3, 20)),
            ..Options::default()
        })
        .read("calendar.ics"),
    );
    let held = after
        .iter()
        .find(|e| e.start.starts_with("2024-03-14"))
        .expect("held");
    assert_eq!(held.uid, scheduled.uid);
    assert_eq!(held.summary, "Calendar WG Meeting 2024-03-14");
    assert_eq!(
        after.iter().filter(|e| e.uid == held.uid).count(),
        1,
        "one event per meeting"
    );
}

#[test]
fn the_home_page_shows_the_next_meeting_and_a_subscribe_link() {
    let site = dst_site(date(2024, 3, 1));
    let home = site.read("index.html");
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"text/calendar\" title=\"Calendar WG: meetings calendar\" href=\"calendar.ics\">"
    ));
    let main = main_of(&home);
    assert!(
        main.contains(
            "<time datetime=\"2024-03-14T15:00:00Z\">Thursday, Mar 14, 2024, 11:00</time>"
        ),
        "{main}"
    );
    assert!(main.contains("America/New_York (15:00 UTC)"), "{main}");
    assert!(main.contains("href=\"webcal://example.org/cal-wg/calendar.ics\""));
    assert!(main.contains("As of <time datetime=\"2024-03-01\">2024-03-01</time>"));
    // Pages deeper in the site link the calendar relative to themselves.
    let meeting = site.read("meetings/2024-02-01/index.html");
    assert!(meeting.contains("href=\"../../calendar.ics\""));
    // A meeting whose minutes exist is not "next": on its day the next one is shown.
    let on_the_day = dst_site(date(2024, 2, 29));
    assert!(main_of(&on_the_day.read("index.html")).contains("Thursday, Mar 14, 2024"));
}

#[test]
fn without_a_schedule_meetings_are_all_day_events_and_no_next_meeting_is_shown() {
    let site = build_with(Options {
        root: fixture("build/recurring"),
        today: Some(date(2030, 1, 1)),
        ..Options::default()
    });
    let all = events(&site.read("calendar.ics"));
    assert_eq!(all.len(), site.report.meetings);
    assert!(all.iter().all(|e| e.start.len() == 10), "{all:?}");
    assert!(!site.read("index.html").contains("Next meeting"));
}

#[test]
fn the_build_date_comes_from_source_date_epoch() {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = wgsite()
        // 2024-10-01T00:00:00Z.
        .env("SOURCE_DATE_EPOCH", "1727740800")
        .args(["build", "--root"])
        .arg(fixture("calendar/dst"))
        .arg("--output")
        .arg(out_dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let home = std::fs::read_to_string(out_dir.path().join("index.html")).expect("home");
    assert!(
        home.contains("<time datetime=\"2024-10-10T15:00:00Z\">"),
        "{home}"
    );

    let bad = wgsite()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["build", "--root"])
        .arg(fixture("calendar/dst"))
        .arg("--output")
        .arg(out_dir.path())
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01"));
}

#[test]
fn errors_on_an_unknown_time_zone_naming_the_line() {
    let dir = temp_site(
        "title = \"T\"\n\n[schedule]\nevery = \"1 week\"\nstart = \"2024-01-04\"\ntimezone = \"Europe/Londn\"\n",
        &[],
    );
    let out = wgsite()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "site.toml:6:12: error: [schedule] unknown time zone \"Europe/Londn\": use \"UTC\" or an IANA name"
        ),
        "{stderr}"
    );
}
