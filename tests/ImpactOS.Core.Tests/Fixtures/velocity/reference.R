#!/usr/bin/env Rscript
# Reference Kaplan-Meier curves and quantiles for ImpactOS.Core.Velocity tests.
#
# Every case is fitted with survival::survfit(Surv(time, status) ~ 1) and
# summarised with quantile(fit, c(.25, .5, .75)); the C# tests read the JSON
# this script writes (reference.json next to it) and compare with 1e-9 tolerance.
#
# Usage: Rscript reference.R [output.json]   (see regenerate.sh)

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[[1]] else "reference.json"

# status: 1 = event (milestone reached), 0 = censored (still open / archived).
cases <- list(
  list(name = "all_events_quartiles_on_flat_segments",
       time = c(1, 2, 3, 4, 5, 6, 7, 8),
       status = c(1, 1, 1, 1, 1, 1, 1, 1)),
  list(name = "ties_of_events_and_censorings",
       time = c(1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 6),
       status = c(1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1)),
  list(name = "median_on_flat_segment",
       time = c(1, 2, 3, 5, 6, 7),
       status = c(1, 1, 1, 1, 0, 0)),
  list(name = "median_on_flat_segment_after_rounding",
       time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
       status = c(1, 1, 1, 1, 1, 0, 1, 0, 0, 0)),
  list(name = "first_quartile_on_flat_segment_with_censoring_inside",
       time = c(1, 2, 4, 6),
       status = c(1, 0, 1, 1)),
  list(name = "median_at_last_point_with_trailing_censoring",
       time = c(1, 2, 3, 4),
       status = c(1, 1, 0, 0)),
  list(name = "median_at_last_point_which_is_an_event",
       time = c(4, 4),
       status = c(1, 0)),
  list(name = "third_quartile_at_last_point",
       time = c(1, 2, 3, 9),
       status = c(1, 1, 1, 0)),
  list(name = "single_event_among_censored_reaches_exactly_a_quarter",
       time = c(1, 2, 3, 4, 5, 6),
       status = c(0, 0, 1, 0, 0, 0)),
  list(name = "heavy_censoring_median_not_reached",
       time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
       status = c(0, 1, 0, 0, 1, 0, 0, 0, 0, 0)),
  list(name = "curve_never_reaches_lowest_probability",
       time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
       status = c(1, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
  list(name = "all_censored",
       time = c(3, 5, 8),
       status = c(0, 0, 0)),
  list(name = "single_company_event",
       time = c(7),
       status = c(1)),
  list(name = "single_company_censored",
       time = c(7),
       status = c(0)),
  list(name = "zero_time_events",
       time = c(0, 0, 0, 1, 2, 3, 4, 5),
       status = c(1, 1, 0, 1, 1, 0, 1, 1)),
  list(name = "all_events_at_time_zero",
       time = c(0, 0, 0),
       status = c(1, 1, 1)),
  # 24 at risk, 1 event, then 5 of 23: S = 23/24 * 18/23 = 0.7500000000000001 in floating point.
  list(name = "first_quartile_within_tolerance_on_flat_segment",
       time = c(1, rep(2, 5), 3, rep(4, 17)),
       status = c(1, rep(1, 5), 1, rep(0, 17))),
  # Same, but that point is the last event: max(1 - S) is a hair below 0.25, so R's early exit
  # (max(y) < min(probs), no tolerance) gives NA for c(.25, .5, .75), while a request that also
  # asks for a smaller probability gets the last-point midpoint through the tolerance.
  list(name = "first_quartile_within_tolerance_at_last_point",
       time = c(1, rep(2, 5), rep(5, 18)),
       status = c(1, rep(1, 5), rep(0, 18))),
  list(name = "fractional_days",
       time = c(0.5, 1.25, 1.25, 2.0625, 3.5, 3.5, 7.75, 10.125),
       status = c(1, 1, 0, 1, 0, 1, 1, 0))
)

set.seed(20240611)
n <- 400
cases[[length(cases) + 1]] <- list(
  name = "large_random_integer_days_with_ties",
  time = round(rexp(n, rate = 1 / 90)),
  status = rbinom(n, 1, 0.65))

n <- 120
cases[[length(cases) + 1]] <- list(
  name = "large_random_fractional_days",
  time = round(runif(n, 0, 500), 3),
  status = rbinom(n, 1, 0.8))

result <- lapply(cases, function(cs) {
  fit <- survfit(Surv(cs$time, cs$status) ~ 1)
  q <- quantile(fit, c(0.25, 0.5, 0.75), conf.int = FALSE)
  extra_probs <- c(0.1, 0.25, 0.5, 0.9)
  extra <- quantile(fit, extra_probs, conf.int = FALSE)
  single_probs <- c(0.1, 0.25, 0.5, 0.75, 0.9, 1)
  single <- sapply(single_probs, function(p) unname(quantile(fit, p, conf.int = FALSE)))

  ut <- sort(unique(cs$time))
  mids <- if (length(ut) > 1) (head(ut, -1) + tail(ut, -1)) / 2 else numeric(0)
  probes <- sort(unique(c(0, ut, mids, max(ut) + 1)))
  s <- summary(fit, times = probes, extend = TRUE)

  list(
    name = cs$name,
    time = I(cs$time),
    status = I(as.integer(cs$status)),
    fit = list(
      time = I(fit$time),
      surv = I(fit$surv),
      nRisk = I(as.integer(fit$n.risk)),
      nEvent = I(as.integer(fit$n.event)),
      nCensor = I(as.integer(fit$n.censor))),
    quantiles = list(
      p25 = unname(q[1]),
      p50 = unname(q[2]),
      p75 = unname(q[3])),
    # quantile(fit, probs) with several probabilities at once (one call).
    quantilesTogether = list(probs = I(extra_probs), values = I(unname(extra))),
    # quantile(fit, p), one call per probability.
    quantilesAlone = list(probs = I(single_probs), values = I(single)),
    probes = list(
      time = I(s$time),
      surv = I(s$surv)))
})

doc <- list(
  generatedBy = paste0("reference.R with ", R.version.string,
                       ", survival ", as.character(packageVersion("survival")),
                       ", jsonlite ", as.character(packageVersion("jsonlite"))),
  cases = result)

writeLines(toJSON(doc, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE),
           out_file, useBytes = TRUE)
cat("wrote", length(result), "cases to", out_file, "\n")
