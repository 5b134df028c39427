#!/usr/bin/env Rscript
# Reference Cox proportional-hazards fits for ImpactOS.Core.Effects tests, from R's survival package.
#
# Each case stores the rows exactly as R fitted them (fit$y after R's tie fix, model.matrix(fit),
# strata and clusters) and what coxph(), summary() and cox.zph(fit, transform = "km") report.
# The C# tests read reference.json (written next to this script) and never need R.
#
# Usage: Rscript reference.R [output.json]   (see regenerate.sh)

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[[1]] else "reference.json"

num <- function(v) ifelse(is.finite(v), v, NA)   # NA becomes JSON null

test_block <- function(t) list(chisq = unname(t[["test"]]), df = unname(t[["df"]]), p = unname(t[["pvalue"]]))

# Fits one model and records the data R used and everything the C# fitter must reproduce.
fit_case <- function(name, formula, data, ties, strata_col = NULL, cluster_col = NULL) {
  warnings <- character(0)
  fit <- withCallingHandlers(
    coxph(formula, data = data, ties = ties, x = TRUE, y = TRUE, model = TRUE),
    warning = function(w) { warnings <<- c(warnings, conditionMessage(w)); invokeRestart("muffleWarning") })
  x <- fit$x
  y <- fit$y
  s <- summary(fit)
  coefs <- s$coefficients
  robust <- !is.null(fit$naive.var)
  naive <- if (robust) fit$naive.var else fit$var
  ci <- s$conf.int
  zph <- cox.zph(fit, transform = "km")$table
  # The terms R warns about: "Loglik converged before variable 1,2; beta may be infinite."
  flagged <- integer(0)
  for (w in grep("beta may be infinite", warnings, value = TRUE)) {
    flagged <- c(flagged, as.integer(strsplit(sub(".*variable *([0-9,]+).*", "\\1", w), ",")[[1]]))
  }
  infinite <- seq_len(ncol(x)) %in% flagged
  list(
    name = name,
    ties = ties,
    data = list(
      start = if (ncol(y) == 3) unname(y[, 1]) else rep(0, nrow(y)),
      stop = unname(y[, ncol(y) - 1]),
      event = as.integer(y[, ncol(y)]),
      stratum = if (is.null(strata_col)) rep(0L, nrow(y)) else as.integer(factor(data[[strata_col]])) - 1L,
      cluster = if (is.null(cluster_col)) NULL else as.integer(factor(data[[cluster_col]])) - 1L,
      terms = colnames(x),
      x = lapply(seq_len(ncol(x)), function(j) unname(x[, j]))),
    fit = list(
      coef = num(unname(fit$coefficients)),
      se = unname(sqrt(diag(naive))),
      robustSe = if (robust) unname(sqrt(diag(fit$var))) else NULL,
      z = unname(coefs[, "z"]),
      p = unname(coefs[, "Pr(>|z|)"]),
      ciLow = unname(ci[, "lower .95"]),
      ciHigh = unname(ci[, "upper .95"]),
      logLik = unname(fit$loglik),
      iter = fit$iter,
      infinite = infinite,
      warnings = warnings,
      likelihoodRatio = test_block(s$logtest),
      # summary() rounds the Wald statistic to 2 decimals for printing; fit$wald.test is the value.
      wald = list(chisq = unname(fit$wald.test), df = unname(s$waldtest[["df"]]), p = unname(s$waldtest[["pvalue"]])),
      score = test_block(s$sctest),
      robustScore = if (robust) test_block(s$robscore) else NULL,
      zph = list(
        terms = rownames(zph)[-nrow(zph)],
        chisq = unname(zph[-nrow(zph), "chisq"]),
        df = unname(zph[-nrow(zph), "df"]),
        p = unname(zph[-nrow(zph), "p"]),
        global = list(chisq = unname(zph[nrow(zph), "chisq"]), df = unname(zph[nrow(zph), "df"]),
                      p = unname(zph[nrow(zph), "p"])))))
}

# (a) The small data sets of Therneau & Grambsch whose answers have closed forms, as the survival
# package's own tests use them (tests/book*.R): right-censored (book1) and start-stop (book2) data.
book1 <- data.frame(time = c(9, 3, 1, 1, 6, 6, 8), status = c(1, NA, 1, 0, 1, 1, 0), x = c(0, 2, 1, 1, 1, 0, 0))
book1 <- book1[!is.na(book1$status), ]
book2 <- data.frame(start = c(1, 2, 5, 2, 1, 7, 3, 4, 8, 8), stop = c(2, 3, 6, 7, 8, 9, 9, 9, 14, 17),
                    event = c(1, 1, 1, 1, 1, 1, 1, 0, 0, 0), x = c(1, 0, 0, 1, 0, 1, 1, 1, 0, 0))
# Our own combination of the two as strata, with a second covariate and clusters, so strata,
# a bivariate fit and the robust variance are covered on data small enough to check by hand.
book3 <- rbind(data.frame(start = 0, stop = book1$time, event = book1$status, x = book1$x, g = "a"),
               data.frame(start = book2$start, stop = book2$stop, event = book2$event, x = book2$x, g = "b"))
book3$z <- c(1.5, 0.2, -1, 2, 0.7, 0.1, 3, 1, 0, -0.5, 2.5, 1.2, 0.4, 0.9, 1.1, -2)
book3$id <- c(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)

cases <- list()
for (ties in c("breslow", "efron")) {
  cases[[length(cases) + 1]] <- fit_case(paste0("book1_", ties), Surv(time, status) ~ x, book1, ties)
  cases[[length(cases) + 1]] <- fit_case(paste0("book2_", ties), Surv(start, stop, event) ~ x, book2, ties)
  cases[[length(cases) + 1]] <- fit_case(paste0("book3_strata_", ties),
                                         Surv(start, stop, event) ~ x + z + strata(g), book3, ties, strata_col = "g")
  cases[[length(cases) + 1]] <- fit_case(paste0("book3_strata_cluster_", ties),
                                         Surv(start, stop, event) ~ x + z + strata(g) + cluster(id), book3, ties,
                                         strata_col = "g", cluster_col = "id")
}

# A covariate that is 0 on every row (a program never in force): R sets its coefficient to NA
# ("X matrix deemed to be singular") and cox.zph leaves it out.
book3$never <- 0
cases[[length(cases) + 1]] <- fit_case("book3_singular_column_efron",
                                       Surv(start, stop, event) ~ x + never + z + strata(g) + cluster(id), book3, "efron",
                                       strata_col = "g", cluster_col = "id")

# (b) The Stanford heart-transplant data shipped with survival.
for (ties in c("efron", "breslow")) {
  cases[[length(cases) + 1]] <- fit_case(paste0("heart_", ties),
                                         Surv(start, stop, event) ~ age + year + surgery + transplant, heart, ties)
}
cases[[length(cases) + 1]] <- fit_case("heart_cluster_efron",
                                       Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id),
                                       heart, "efron", cluster_col = "id")


# (c) A generated portfolio, built into counting-process rows here by the issue's definitions
# (independently of the C# builder), then fitted by = any and by = program.
set.seed(20261201)
day <- 86400
iso <- function(t) if (is.na(t)) NA else format(as.POSIXct(t, origin = "1970-01-01", tz = "UTC"), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
iso_date <- function(t) if (is.na(t)) NA else format(as.POSIXct(t, origin = "1970-01-01", tz = "UTC"), "%Y-%m-%d", tz = "UTC")
t0 <- as.numeric(as.POSIXct("2023-01-01", tz = "UTC"))
as_of <- as.numeric(as.POSIXct("2025-06-01", tz = "UTC"))
track_id <- "00000000-0000-4000-8000-0000000000aa"
milestones <- sprintf("00000000-0000-4000-8000-0000000001%02d", 1:4)
programs <- c("10000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002",
              "30000000-0000-4000-8000-000000000003")
n_companies <- 80
companies <- vector("list", n_companies)
for (i in seq_len(n_companies)) {
  start <- t0 + sample(0:200, 1) * day + sample(c(0, 12), 1) * 3600
  archived <- if (runif(1) < 0.1) start + sample(100:700, 1) * day else NA
  achievements <- list()
  at <- start
  reach <- sample(0:4, 1, prob = c(0.1, 0.2, 0.25, 0.25, 0.2))
  for (m in seq_len(reach)) {
    # Half-day steps make ties; a few zero-length steps (event at day 0).
    at <- at + (if (runif(1) < 0.06) 0 else sample(1:240, 1) / 2) * day
    if (runif(1) < 0.08 && m < reach) next            # skipped milestone
    when <- if (runif(1) < 0.04) at - 30 * day else at   # logged against track order
    achievements[[length(achievements) + 1]] <- list(milestoneId = milestones[m], at = when)
  }
  enrolments <- list()
  for (k in 1:2) {
    if (runif(1) < 0.55) {
      from <- floor((start + sample(-60:500, 1) * day) / day) * day
      to <- if (runif(1) < 0.3) NA else from + sample(30:300, 1) * day
      enrolments[[length(enrolments) + 1]] <- list(programId = programs[k], enrolledOn = from, exitedOn = to)
    }
  }
  meetings <- sort(start + runif(rpois(1, 6), -120, 800) * day)
  meetings <- round(meetings)  # whole seconds
  companies[[i]] <- list(id = sprintf("c0000000-0000-4000-8000-%012d", i), start = start, archived = archived,
                         achievements = achievements, enrolments = enrolments, meetings = meetings)
}

# Steps by product.md: earliest achievement per listed milestone, in track order; out-of-order
# steps left out; one open step to the next milestone, censored at the earlier of asOf and archive.
steps_of <- function(co) {
  at <- rep(NA_real_, length(milestones))
  for (a in co$achievements) {
    m <- match(a$milestoneId, milestones)
    if (a$at <= as_of && (is.na(at[m]) || a$at < at[m])) at[m] <- a$at
  }
  out <- list()
  previous <- co$start
  highest <- 0
  for (m in seq_along(milestones)) {
    if (is.na(at[m])) next
    if (previous <= at[m]) out[[length(out) + 1]] <- list(m = m, s = previous, e = at[m], event = 1L)
    previous <- at[m]
    highest <- m
  }
  if (highest < length(milestones)) {
    end <- if (!is.na(co$archived) && co$archived < as_of) co$archived else as_of
    if (end >= previous) out[[length(out) + 1]] <- list(m = highest + 1, s = previous, e = end, event = 0L)
  }
  out
}

# A third program enrolled only after a company's last achievement, so no event is ever exposed to it.
for (i in seq(3, n_companies, by = 9)) {
  co <- companies[[i]]
  st <- steps_of(co)
  last <- st[[length(st)]]
  if (last$event == 0L && last$e - last$s > 20 * day) {
    from <- ceiling((last$s + 5 * day) / day) * day
    companies[[i]]$enrolments[[length(co$enrolments) + 1]] <- list(programId = programs[3], enrolledOn = from, exitedOn = NA)
  }
}

rows <- list()
zero_length <- 0
for (co in companies) {
  w_start <- vapply(co$enrolments, function(e) e$enrolledOn, 0)
  w_end <- vapply(co$enrolments, function(e) if (is.na(e$exitedOn)) Inf else e$exitedOn, 0)
  w_prog <- vapply(co$enrolments, function(e) e$programId, "")
  state <- function(a) {
    inside <- if (length(w_start)) w_start <= a & a < w_end else logical(0)
    progs <- sort(unique(w_prog[inside]))
    list(progs = paste(progs, collapse = ";"), m90 = sum(co$meetings > a - 90 * day & co$meetings <= a))
  }
  for (st in steps_of(co)) {
    if (st$e == st$s) { zero_length <- zero_length + 1; next }
    cand <- c(st$s, w_start, w_end, co$meetings, co$meetings + 90 * day)
    cand <- sort(unique(c(st$s, cand[cand > st$s & cand < st$e])))
    cuts <- st$s
    cur <- state(st$s)
    states <- list(cur)
    for (a in cand[-1]) {
      nxt <- state(a)
      if (!identical(nxt, cur)) { cuts <- c(cuts, a); states[[length(states) + 1]] <- nxt; cur <- nxt }
    }
    ends <- c(cuts[-1], st$e)
    for (k in seq_along(cuts)) {
      rows[[length(rows) + 1]] <- data.frame(
        company = co$id, track = track_id, milestone = milestones[st$m],
        tstart = (cuts[k] - st$s) / day, tstop = (ends[k] - st$s) / day,
        event = if (k == length(cuts)) st$event else 0L,
        enrolled = as.integer(states[[k]]$progs != ""), meetings_90d = states[[k]]$m90,
        program_ids = states[[k]]$progs, stringsAsFactors = FALSE)
    }
  }
}
d <- do.call(rbind, rows)
d$step <- d$milestone
for (k in seq_along(programs)) d[[paste0("p", k)]] <- as.integer(grepl(programs[k], d$program_ids, fixed = TRUE))

portfolio <- list(
  asOf = iso(as_of),
  trackId = track_id,
  milestones = milestones,
  programs = programs,
  companies = lapply(companies, function(co) list(
    id = co$id, trackStart = iso(co$start), archivedAt = iso(co$archived),
    achievements = lapply(co$achievements, function(a) list(milestoneId = a$milestoneId, at = iso(a$at))),
    enrolments = lapply(co$enrolments, function(e) list(programId = e$programId, enrolledOn = iso_date(e$enrolledOn),
                                                        exitedOn = iso_date(e$exitedOn))),
    meetings = I(vapply(co$meetings, iso, ""))
  )),
  zeroLengthStepsLeftOut = zero_length,
  rows = d[, c("company", "track", "milestone", "tstart", "tstop", "event", "enrolled", "meetings_90d", "program_ids")],
  models = list(
    any = fit_case("portfolio_any", Surv(tstart, tstop, event) ~ enrolled + meetings_90d + strata(step) + cluster(company),
                   d, "efron", strata_col = "step", cluster_col = "company"),
    program = fit_case("portfolio_program", Surv(tstart, tstop, event) ~ p1 + p2 + p3 + meetings_90d + strata(step) + cluster(company),
                       d, "efron", strata_col = "step", cluster_col = "company")))

out <- list(survival = as.character(packageVersion("survival")), cases = cases, portfolio = portfolio)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), out_file)
