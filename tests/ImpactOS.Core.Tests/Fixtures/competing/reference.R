#!/usr/bin/env Rscript
# Reference cumulative incidences for ImpactOS.Core.Velocity.AalenJohansen tests.
#
# Each step ends in one of three ways (reached the milestone, shut down, acquired) or is still open
# (censored). Every case is fitted with survival::survfit(Surv(time, endpoint) ~ 1), endpoint a
# factor whose first level is "censored" (the Aalen-Johansen estimator); the JSON keeps, per
# distinct time, the number at risk, pstate and R's std.err (its infinitesimal-jackknife
# variance) for the states "(s0)" (still open), "milestone", "shut_down" and "acquired". The C#
# tests compare with 1e-6 absolute tolerance.
#
# Usage: Rscript reference.R [output.json]   (see regenerate.sh)

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[[1]] else "reference.json"

ends <- c("censored", "milestone", "shut_down", "acquired")
C <- "censored"; M <- "milestone"; S <- "shut_down"; A <- "acquired"

cases <- list(
  list(name = "all_three_endpoints_with_censoring",
       time = c(1, 2, 2, 2, 3, 5, 5, 5, 8, 9),
       endpoint = c(C, M, S, C, A, M, M, C, S, C)),
  list(name = "every_endpoint_and_a_censoring_at_one_time",
       time = c(2, 2, 2, 2, 2, 2, 4, 6),
       endpoint = c(M, S, A, C, M, C, M, S)),
  list(name = "ties_of_one_endpoint_and_censorings",
       time = c(1, 1, 1, 3, 3, 3, 3, 7, 7, 10),
       endpoint = c(M, M, C, S, S, C, C, A, C, M)),
  list(name = "only_milestones_is_one_minus_kaplan_meier",
       time = c(1, 2, 2, 3, 5, 5, 8),
       endpoint = c(M, M, C, M, M, C, M)),
  list(name = "last_time_is_all_events_so_nobody_is_left_open",
       time = c(1, 3, 3, 4, 4),
       endpoint = c(C, S, M, A, M)),
  list(name = "all_censored",
       time = c(3, 5, 8),
       endpoint = c(C, C, C)),
  list(name = "single_company_milestone",
       time = c(7), endpoint = c(M)),
  list(name = "single_company_shut_down",
       time = c(7), endpoint = c(S)),
  list(name = "single_company_acquired",
       time = c(7), endpoint = c(A)),
  list(name = "single_company_censored",
       time = c(7), endpoint = c(C)),
  list(name = "ends_at_time_zero",
       time = c(0, 0, 0, 1, 2, 2, 4),
       endpoint = c(M, S, C, A, M, C, S)),
  list(name = "fractional_days",
       time = c(0.5, 1.25, 1.25, 2.0625, 3.5, 3.5, 7.75, 10.125, 10.125),
       endpoint = c(M, S, C, A, C, M, M, S, C))
)

set.seed(20261202)
n <- 400
cases[[length(cases) + 1]] <- list(
  name = "large_random_integer_days_with_ties",
  time = round(rexp(n, rate = 1 / 200)),
  endpoint = sample(ends, n, replace = TRUE, prob = c(0.3, 0.45, 0.15, 0.1)))

n <- 250
cases[[length(cases) + 1]] <- list(
  name = "large_random_fractional_days",
  time = round(runif(n, 0, 700), 3),
  endpoint = sample(ends, n, replace = TRUE, prob = c(0.2, 0.5, 0.2, 0.1)))

states <- c("(s0)", "milestone", "shut_down", "acquired")

result <- lapply(cases, function(cs) {
  d <- data.frame(time = cs$time, endpoint = factor(cs$endpoint, levels = ends))
  fit <- survfit(Surv(time, endpoint) ~ 1, data = d)
  stopifnot(identical(fit$states, states))
  column <- function(m, j) I(unname(m[, j]))
  list(
    name = cs$name,
    time = I(cs$time),
    endpoint = I(cs$endpoint),
    fit = list(
      time = I(fit$time),
      nRisk = I(as.integer(fit$n.risk[, 1])),
      open = column(fit$pstate, 1),
      milestone = column(fit$pstate, 2),
      shutDown = column(fit$pstate, 3),
      acquired = column(fit$pstate, 4),
      stdErr = list(
        open = column(fit$std.err, 1),
        milestone = column(fit$std.err, 2),
        shutDown = column(fit$std.err, 3),
        acquired = column(fit$std.err, 4))))
})

doc <- list(
  generatedBy = paste0("reference.R with ", R.version.string,
                       ", survival ", as.character(packageVersion("survival")),
                       ", jsonlite ", as.character(packageVersion("jsonlite"))),
  cases = result)

writeLines(toJSON(doc, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE),
           out_file, useBytes = TRUE)
cat("wrote", length(result), "cases to", out_file, "\n")
