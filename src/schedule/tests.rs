//! Unit tests of the schedule: validation messages and expansion, across daylight-saving
//! changes.

use super::validate::{parse_duration, parse_every};
use super::*;
use crate::error::Result;
use serde::Deserialize;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).expect("valid date")
}

fn schedule(toml_text: &str) -> Result<Schedule> {
    #[derive(Deserialize)]
    struct Wrapper {
        schedule: RawSchedule,
    }
    let w: Wrapper = toml::from_str(toml_text).expect("toml");
    validate(w.schedule, toml_text, "site.toml")
}

fn utc(o: &Occurrence) -> String {
    o.start.map(|s| s.iso()).unwrap_or_default()
}

#[test]
fn biweekly_new_york_meetings_shift_in_utc_across_daylight_saving() {
    let s = schedule(
        "[schedule]\nevery = \"2 weeks\"\nweekday = \"thursday\"\ntime = \"11:00\"\n\
         timezone = \"America/New_York\"\nstart = \"2024-02-29\"\n",
    )
    .expect("valid");
    let got: Vec<String> = s
        .between(d(2024, 2, 1), d(2024, 3, 31))
        .iter()
        .map(utc)
        .collect();
    // DST began on 2024-03-10: 11:00 EST is 16:00 UTC, 11:00 EDT is 15:00 UTC.
    assert_eq!(
        got,
        [
            "2024-02-29T16:00:00Z",
            "2024-03-14T15:00:00Z",
            "2024-03-28T15:00:00Z"
        ]
    );
    let autumn: Vec<String> = s
        .between(d(2024, 10, 20), d(2024, 11, 10))
        .iter()
        .map(utc)
        .collect();
    // DST ended on 2024-11-03.
    assert_eq!(autumn, ["2024-10-24T15:00:00Z", "2024-11-07T16:00:00Z"]);
    let first = s.between(d(2024, 2, 1), d(2024, 2, 29));
    assert_eq!(
        first[0].end.map(|e| e.iso()).as_deref(),
        Some("2024-02-29T17:00:00Z")
    );
}

#[test]
fn weekday_moves_the_start_forward_and_except_skips_dates() {
    let s = schedule(
        "[schedule]\nevery = \"1 week\"\nweekday = \"Tue\"\ntime = \"09:30\"\nstart = \"2024-01-01\"\nexcept = [\"2024-01-09\"]\nend = \"2024-01-30\"\n",
    )
    .expect("valid");
    let dates: Vec<String> = s
        .between(d(2023, 12, 1), d(2024, 12, 31))
        .iter()
        .map(|o| o.date.iso())
        .collect();
    assert_eq!(
        dates,
        ["2024-01-02", "2024-01-16", "2024-01-23", "2024-01-30"]
    );
    assert_eq!(s.timezone_name, "UTC");
    assert_eq!(
        s.on(d(2024, 1, 16)).map(|o| utc(&o)).as_deref(),
        Some("2024-01-16T09:30:00Z")
    );
    assert!(s.on(d(2024, 1, 9)).is_none());
}

#[test]
fn an_explicit_entry_replaces_the_occurrence_on_its_date() {
    let s = schedule(
        "[schedule]\nevery = \"2 weeks\"\ntime = \"15:00\"\ntimezone = \"Europe/London\"\nstart = \"2024-06-06\"\n\
         upcoming = [{ date = \"2024-06-20\", time = \"17:00\", title = \"Moved\" }, { date = \"2024-06-25\", url = \"https://example.org/call\" }]\n",
    )
    .expect("valid");
    let got = s.between(d(2024, 6, 1), d(2024, 6, 30));
    let summary: Vec<(String, String, Option<String>)> = got
        .iter()
        .map(|o| (o.date.iso(), utc(o), o.title.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2024-06-06".into(), "2024-06-06T14:00:00Z".into(), None),
            (
                "2024-06-20".into(),
                "2024-06-20T16:00:00Z".into(),
                Some("Moved".into())
            ),
            // No time of its own: the schedule's.
            ("2024-06-25".into(), "2024-06-25T14:00:00Z".into(), None),
        ]
    );
    assert_eq!(got[2].url.as_deref(), Some("https://example.org/call"));
}

#[test]
fn next_skips_meetings_that_already_have_minutes() {
    let s = schedule("[schedule]\nevery = \"1 week\"\nstart = \"2024-01-04\"\n").expect("valid");
    let held = BTreeSet::from([d(2024, 1, 11)]);
    let next = s.next(d(2024, 1, 11), &held).expect("a next meeting");
    assert_eq!(next.date, d(2024, 1, 18));
    // No time: an all-day entry.
    assert_eq!(next.start, None);
}

#[test]
fn a_time_skipped_by_daylight_saving_moves_forward() {
    let s = schedule(
        "[schedule]\nupcoming = [{ date = \"2024-03-10\", time = \"02:30\" }]\ntimezone = \"America/New_York\"\n",
    )
    .expect("valid");
    let o = s.on(d(2024, 3, 10)).expect("occurrence");
    assert_eq!(utc(&o), "2024-03-10T07:30:00Z");
}

#[test]
fn errors_name_the_line_and_say_what_is_expected() {
    let cases = [
        (
            "[schedule]\nevery = \"1 week\"\ntimezone = \"Mars/Olympus\"\nstart = \"2024-01-01\"\n",
            "site.toml:3:1: error: [schedule] unknown time zone \"Mars/Olympus\"",
        ),
        (
            "[schedule]\nevery = \"monthly\"\nstart = \"2024-01-01\"\n",
            "site.toml:2:1: error: [schedule] `every` must read like",
        ),
        (
            "[schedule]\nevery = \"1 week\"\n",
            "site.toml:2:1: error: [schedule] a recurrence needs `start",
        ),
        (
            "[schedule]\nevery = \"1 week\"\nstart = \"2024-01-04\"\ntime = \"3pm\"\n",
            "site.toml:4:1: error: [schedule] `time` must be a 24-hour HH:MM time",
        ),
        (
            "[schedule]\nevery = \"2 weeks\"\nstart = \"2024-01-04\"\nexcept = [\"2024-01-11\"]\n",
            "site.toml:4:1: error: [schedule] `except` date 2024-01-11 is not a meeting of the series (every 2 weeks from 2024-01-04, a Thursday)",
        ),
        (
            "[schedule]\nweekday = \"thursday\"\n",
            "site.toml:2:1: error: [schedule] `weekday` belongs to a recurrence",
        ),
        (
            "[schedule]\nevery = \"10 days\"\nweekday = \"monday\"\nstart = \"2024-01-01\"\n",
            "site.toml:3:1: error: [schedule] `weekday` needs `every` in weeks",
        ),
        (
            "title = \"x\"\n\n[schedule]\nupcoming = [\n  { date = \"2024-02-30\" },\n]\n",
            "site.toml:5:1: error: [schedule] upcoming `date` must be a valid YYYY-MM-DD date",
        ),
    ];
    for (text, expected) in cases {
        let err = schedule(text).expect_err(text).to_string();
        assert!(err.starts_with(expected), "{err}\n  expected: {expected}");
    }
}

#[test]
fn parses_every_and_duration() {
    assert_eq!(parse_every("2 weeks"), Some(14));
    assert_eq!(parse_every("week"), Some(7));
    assert_eq!(parse_every("fortnight"), Some(14));
    assert_eq!(parse_every("0 weeks"), None);
    assert_eq!(parse_duration("1.5 hours"), Some(90));
    assert_eq!(parse_duration("45 min"), Some(45));
    assert_eq!(parse_duration("forever"), None);
}
