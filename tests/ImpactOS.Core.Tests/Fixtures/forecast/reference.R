#!/usr/bin/env Rscript
# Reference forecasts for ImpactOS.Core.Velocity.KaplanMeierForecast tests.
#
# For a company that has waited t days in its step, the chance of its milestone within delta days
# is 1 - S(t + delta | still waiting at t). Each query is R's
#   summary(survfit(Surv(time, status) ~ 1, start.time = t), times = t + delta)
# with the default 95 % log interval; the JSON keeps R's surv, lower and upper (the C# tests turn
# them into the probability 1 - surv and its interval [1 - upper, 1 - lower]) and compares with
# 1e-6 absolute tolerance. A query R answers with no row (t + delta after the last observed time,
# extend = FALSE) is written as available = false. So is a query with no observation at or after
# t: survfit has nothing to fit there (survival 3.5.3 even crashes on it), so it is not called.
#
# Usage: Rscript reference.R [output.json]   (see regenerate.sh)

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[[1]] else "reference.json"

# status: 1 = event (milestone reached), 0 = censored (still open, or the company closed).
cases <- list(
  list(name = "ties_of_events_and_censorings",
       time = c(1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 6),
       status = c(1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1),
       deltas = c(0, 0.5, 1, 2, 3, 5)),
  list(name = "heavy_censoring",
       time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
       status = c(0, 1, 0, 0, 1, 0, 0, 0, 0, 0),
       deltas = c(1, 2, 4, 9)),
  list(name = "curve_ends_in_an_event_so_s_reaches_zero",
       time = c(1, 2, 2, 3, 5, 5, 8),
       status = c(1, 1, 0, 1, 1, 0, 1),
       deltas = c(0, 1, 3, 5, 7)),
  list(name = "curve_ends_in_a_censoring",
       time = c(2, 4, 4, 6, 9),
       status = c(1, 1, 1, 0, 0),
       deltas = c(0, 1, 2, 3, 7)),
  list(name = "all_censored",
       time = c(3, 5, 8),
       status = c(0, 0, 0),
       deltas = c(0, 2, 5)),
  list(name = "single_company_event",
       time = c(7),
       status = c(1),
       deltas = c(0, 3, 7, 8)),
  list(name = "single_company_censored",
       time = c(7),
       status = c(0),
       deltas = c(0, 3, 7, 8)),
  list(name = "events_at_time_zero",
       time = c(0, 0, 0, 1, 2, 3, 4, 5),
       status = c(1, 1, 0, 1, 1, 0, 1, 1),
       deltas = c(0, 1, 2.5, 5)),
  list(name = "fractional_days",
       time = c(0.5, 1.25, 1.25, 2.0625, 3.5, 3.5, 7.75, 10.125),
       status = c(1, 1, 0, 1, 0, 1, 1, 0),
       deltas = c(0.25, 1, 2.0625, 6.375, 9.625))
)

set.seed(20261201)
n <- 300
cases[[length(cases) + 1]] <- list(
  name = "large_random_integer_days_with_ties",
  time = round(rexp(n, rate = 1 / 90)),
  status = rbinom(n, 1, 0.7),
  deltas = c(30, 90, 180))

n <- 150
cases[[length(cases) + 1]] <- list(
  name = "large_random_fractional_days",
  time = round(runif(n, 0, 400), 3),
  status = rbinom(n, 1, 0.75),
  deltas = c(30, 90, 180))

# Waiting times: 0, every observed time, the midpoints between them and one past the last
# (100 of them, evenly spread, for the large cases).
waits_of <- function(time) {
  ut <- sort(unique(time))
  mids <- if (length(ut) > 1) (head(ut, -1) + tail(ut, -1)) / 2 else numeric(0)
  sort(unique(c(0, ut, mids, max(ut) + 1)))
}

forecast <- function(d, t, delta) {
  none <- list(wait = t, delta = delta, available = FALSE, surv = NULL, lower = NULL, upper = NULL)
  if (!any(d$time >= t)) return(none)
  fit <- survfit(Surv(time, status) ~ 1, data = d, start.time = t)
  s <- tryCatch(summary(fit, times = t + delta), error = function(e) NULL)
  if (is.null(s) || length(s$surv) == 0) return(none)
  na_null <- function(x) if (is.na(x)) NULL else x
  list(wait = t, delta = delta, available = TRUE,
       surv = s$surv[1], lower = na_null(s$lower[1]), upper = na_null(s$upper[1]))
}

result <- lapply(cases, function(cs) {
  d <- data.frame(time = cs$time, status = cs$status)
  waits <- waits_of(cs$time)
  if (length(waits) > 100) waits <- waits[round(seq(1, length(waits), length.out = 100))]
  queries <- list()
  for (t in waits) for (delta in cs$deltas) queries[[length(queries) + 1]] <- forecast(d, t, delta)
  list(name = cs$name, time = I(cs$time), status = I(as.integer(cs$status)), queries = queries)
})

doc <- list(
  generatedBy = paste0("reference.R with ", R.version.string,
                       ", survival ", as.character(packageVersion("survival")),
                       ", jsonlite ", as.character(packageVersion("jsonlite"))),
  cases = result)

writeLines(toJSON(doc, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = TRUE),
           out_file, useBytes = TRUE)
cat("wrote", length(result), "cases to", out_file, "\n")
