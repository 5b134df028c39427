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

# (a) The small data sets of Therneau & Grambsch with closed-form answers, as in the survival
# package's own tests (tests/book1.R ... book6.R): right-censored and start-stop data.
book1 <- data.frame(time = c(9, 3, 1, 1, 6, 6, 8), status = c(1, NA, 1, 0, 1, 1, 0), x = c(0, 2, 1, 1, 1, 0, 0))
book1 <- book1[!is.na(book1$status), ]
book2 <- data.frame(start = c(1, 2, 5, 2, 1, 7, 3, 4, 8, 8), stop = c(2, 3, 6, 7, 8, 9, 9, 9, 14, 17),
                    event = c(1, 1, 1, 1, 1, 1, 1, 0, 0, 0), x = c(1, 0, 0, 1, 0, 1, 1, 1, 0, 0))
# Both together as two strata (book6 style), with a second covariate so the fit is bivariate.
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

# (b) The Stanford heart-transplant data shipped with survival.
for (ties in c("efron", "breslow")) {
  cases[[length(cases) + 1]] <- fit_case(paste0("heart_", ties),
                                         Surv(start, stop, event) ~ age + year + surgery + transplant, heart, ties)
}
cases[[length(cases) + 1]] <- fit_case("heart_cluster_efron",
                                       Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id),
                                       heart, "efron", cluster_col = "id")

out <- list(survival = as.character(packageVersion("survival")), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), out_file)
