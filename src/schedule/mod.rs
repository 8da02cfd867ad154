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
mod tests;
