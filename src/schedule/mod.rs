//! `[schedule]` in `site.toml` → a validated [`Schedule`] (a recurrence such as "every 2 weeks
//! on Thursday at 15:00 America/New_York" and/or an explicit list of upcoming meetings), and
//! its expansion into dated [`Occurrence`]s with start and end instants in UTC. Pure: the build
//! date is passed in, never read from the clock here.

pub mod dates;
mod validate;

use crate::model::Date;
use std::collections::BTreeSet;

pub use validate::{validate, RawSchedule, RawUpcoming};

/// The group's meeting schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub recurrence: Option<Recurrence>,
    /// Explicit meetings, by date; one on a recurrence date replaces that occurrence.
    pub upcoming: Vec<Upcoming>,
    /// The IANA name (`America/New_York`) or `UTC`.
    pub timezone_name: String,
    timezone: jiff::tz::TimeZone,
    /// Local wall-clock time of the recurring meetings; `None` makes them all-day events.
    pub time: Option<(u8, u8)>,
    pub duration_minutes: u32,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// A meeting every `every_days` days from `first`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub every_days: u32,
    /// The first meeting of the series (`start`, moved forward to `weekday` when given).
    pub first: Date,
    pub end: Option<Date>,
    pub except: BTreeSet<Date>,
    /// How `every` was written, for messages and pages (`2 weeks`).
    pub every_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    pub date: Date,
    pub time: Option<(u8, u8)>,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// A moment in UTC, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcTime {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
}

impl UtcTime {
    /// `20230622T150000Z`, iCalendar's UTC form.
    pub fn ics(&self) -> String {
        let d = self.date;
        format!(
            "{:04}{:02}{:02}T{:02}{:02}00Z",
            d.year, d.month, d.day, self.hour, self.minute
        )
    }

    /// `2023-06-22T15:00:00Z`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{}T{:02}:{:02}:00Z", self.date, self.hour, self.minute)
    }

    /// This moment plus `minutes`.
    pub fn plus_minutes(self, minutes: u32) -> Option<UtcTime> {
        let total = i64::from(self.hour) * 60 + i64::from(self.minute) + i64::from(minutes);
        let date = dates::add_days(self.date, total.div_euclid(1440))?;
        let rest = total.rem_euclid(1440);
        Some(UtcTime {
            date,
            hour: u8::try_from(rest / 60).ok()?,
            minute: u8::try_from(rest % 60).ok()?,
        })
    }
}

/// One scheduled meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The meeting's date where it is held (in the schedule's time zone).
    pub date: Date,
    /// Local wall-clock start; `None` for an all-day entry.
    pub time: Option<(u8, u8)>,
    pub start: Option<UtcTime>,
    pub end: Option<UtcTime>,
    pub title: Option<String>,
    pub url: Option<String>,
}

impl Schedule {
    /// The scheduled meetings dated `from` to `to`, both included, in order.
    pub fn between(&self, from: Date, to: Date) -> Vec<Occurrence> {
        let mut dated: Vec<(Date, Option<&Upcoming>)> = Vec::new();
        if let Some(r) = &self.recurrence {
            let step = i64::from(r.every_days.max(1));
            let first = r.first.days_since_epoch();
            let from_n = (from.days_since_epoch() - first).max(0);
            // The first index whose date is on or after `from`.
            let mut k = (from_n + step - 1) / step;
            while let Some(date) = Date::from_days_since_epoch(first + k * step) {
                if date > to || r.end.is_some_and(|e| date > e) {
                    break;
                }
                if !r.except.contains(&date) {
                    dated.push((date, None));
                }
                k += 1;
            }
        }
        for u in &self.upcoming {
            if u.date >= from && u.date <= to {
                dated.retain(|(d, explicit)| *d != u.date || explicit.is_some());
                dated.push((u.date, Some(u)));
            }
        }
        let mut out: Vec<Occurrence> = dated
            .into_iter()
            .map(|(date, explicit)| self.occurrence(date, explicit))
            .collect();
        out.sort_by(|a, b| {
            (a.date, a.start, &a.title, &a.url).cmp(&(b.date, b.start, &b.title, &b.url))
        });
        out
    }

    /// The scheduled meeting on `date`, if the schedule has one that day.
    pub fn on(&self, date: Date) -> Option<Occurrence> {
        self.between(date, date).into_iter().next()
    }

    /// The first scheduled meeting on or after `today` whose date is not in `held` (dates that
    /// already have minutes), looking a year ahead.
    pub fn next(&self, today: Date, held: &BTreeSet<Date>) -> Option<Occurrence> {
        let horizon = dates::add_months(today, 12)?;
        self.between(today, horizon)
            .into_iter()
            .find(|o| !held.contains(&o.date))
    }

    fn occurrence(&self, date: Date, explicit: Option<&Upcoming>) -> Occurrence {
        let time = explicit.and_then(|u| u.time).or(self.time);
        let start = time.and_then(|t| self.to_utc(date, t));
        Occurrence {
            date,
            time,
            start,
            end: start.and_then(|s| s.plus_minutes(self.duration_minutes)),
            title: explicit
                .and_then(|u| u.title.clone())
                .or_else(|| self.title.clone()),
            url: explicit
                .and_then(|u| u.url.clone())
                .or_else(|| self.url.clone()),
        }
    }

    /// A local wall-clock time on `date` in the schedule's zone → UTC. A time skipped by a
    /// daylight-saving change moves forward by the gap; a repeated one takes its first instant.
    pub fn to_utc(&self, date: Date, (hour, minute): (u8, u8)) -> Option<UtcTime> {
        let local = jiff::civil::DateTime::new(
            i16::try_from(date.year).ok()?,
            i8::try_from(date.month).ok()?,
            i8::try_from(date.day).ok()?,
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            0,
            0,
        )
        .ok()?;
        let instant = self.timezone.to_timestamp(local).ok()?;
        let utc = jiff::tz::TimeZone::UTC.to_datetime(instant);
        Some(UtcTime {
            date: Date::new(
                i32::from(utc.year()),
                u32::try_from(utc.month()).ok()?,
                u32::try_from(utc.day()).ok()?,
            )?,
            hour: u8::try_from(utc.hour()).ok()?,
            minute: u8::try_from(utc.minute()).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
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
        let source = crate::config::Source {
            text: toml_text,
            label: "site.toml",
        };
        validate(w.schedule, &source)
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
        let s =
            schedule("[schedule]\nevery = \"1 week\"\nstart = \"2024-01-04\"\n").expect("valid");
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
    fn errors_point_at_the_value_and_say_what_is_expected() {
        let cases = [
            (
                "[schedule]\nevery = \"1 week\"\ntimezone = \"Mars/Olympus\"\nstart = \"2024-01-01\"\n",
                "site.toml:3:12: error: [schedule] unknown time zone \"Mars/Olympus\"",
            ),
            (
                "[schedule]\nevery = \"monthly\"\nstart = \"2024-01-01\"\n",
                "site.toml:2:9: error: [schedule] `every` must read like",
            ),
            (
                "[schedule]\nevery = \"1 week\"\n",
                "site.toml:2:9: error: [schedule] a recurrence needs `start",
            ),
            (
                "[schedule]\nevery = \"1 week\"\nstart = \"2024-01-04\"\ntime = \"3pm\"\n",
                "site.toml:4:8: error: [schedule] `time` must be a 24-hour HH:MM time",
            ),
            (
                "[schedule]\nevery = \"2 weeks\"\nstart = \"2024-01-04\"\nexcept = [\"2024-01-11\"]\n",
                "site.toml:4:11: error: [schedule] `except` date 2024-01-11 is not a meeting of the series (every 2 weeks from 2024-01-04, a Thursday)",
            ),
            (
                "[schedule]\nweekday = \"thursday\"\n",
                "site.toml:2:11: error: [schedule] `weekday` belongs to a recurrence",
            ),
            (
                "[schedule]\nevery = \"10 days\"\nweekday = \"monday\"\nstart = \"2024-01-01\"\n",
                "site.toml:3:11: error: [schedule] `weekday` needs `every` in weeks",
            ),
            (
                "title = \"x\"\n\n[schedule]\nupcoming = [\n  { date = \"2024-02-30\" },\n]\n",
                "site.toml:5:12: error: [schedule] upcoming `date` must be a valid YYYY-MM-DD date",
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
}
