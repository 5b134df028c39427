# Reference values for the attribution statistics, from R itself.
# Run: Rscript reference.R > reference.json  (regenerate.sh does it when R is installed)
suppressMessages(library(jsonlite))

num <- function(v) if (is.finite(v)) v else if (is.na(v)) "NaN" else if (v > 0) "Inf" else "-Inf"

cases <- list(
  c(0, 1, 5, 2), c(1, 1, 1, 1), c(3, 2.5, 7, 4.25), c(5, 1, 0, 1), c(0, 3, 0, 2),
  c(12, 10, 3, 10), c(2, 0.75, 9, 3.3), c(40, 18.2, 55, 61.7), c(0, 12.5, 30, 40),
  c(150, 80.5, 210, 300.25), c(1, 100, 1000, 100), c(4, 2, 4, 2), c(9, 1.5, 3, 6),
  c(1000, 512.3, 4000, 1800.9), c(6, 0.5, 60, 40),
  # A large tenant's scale (n = x1 + x2 up to 150,000), on both sides of the mean.
  c(40000, 25000.5, 110000, 61000.25), c(60000, 25000.5, 90000, 61000.25), c(2500, 1400, 148000, 90000)
)

poisson <- lapply(cases, function(v) {
  r <- poisson.test(c(v[1], v[3]), c(v[2], v[4]))
  list(x1 = v[1], t1 = v[2], x2 = v[3], t2 = v[4],
       estimate = num(unname(r$estimate)), ciLow = num(r$conf.int[1]), ciHigh = num(r$conf.int[2]),
       pValue = num(r$p.value))
})

binomial <- lapply(list(c(0, 10, 0.3), c(3, 10, 0.3), c(7, 20, 0.5), c(20, 20, 0.5), c(45, 200, 0.2),
                         c(1, 1, 0.5), c(500, 1200, 0.4), c(13, 40, 0.25), c(74600, 150000, 0.5), c(75700, 150000, 0.5),
                         c(30100, 120000, 0.25)), function(v) {
  r <- binom.test(v[1], v[2], v[3])
  list(x = v[1], n = v[2], p = v[3], ciLow = num(r$conf.int[1]), ciHigh = num(r$conf.int[2]), pValue = num(r$p.value))
})

beta <- lapply(list(c(0.025, 3, 8), c(0.975, 4, 7), c(0.5, 0.5, 0.5), c(0.001, 2, 200), c(0.999, 150, 3),
                     c(0.025, 1000, 4001), c(0.3, 1, 1)), function(v) {
  list(p = v[1], a = v[2], b = v[3], q = qbeta(v[1], v[2], v[3]), cdf = pbeta(v[1], v[2], v[3]))
})

# An end-to-end portfolio, computed here from the definitions independently of the C# code.
year <- 365.25
day <- function(s) as.numeric(as.Date(s))
companies <- list(
  list(id = "a", start = day("2024-01-01"), archived = NA,
       windows = list(list(p = "P1", s = day("2024-03-01"), e = day("2024-06-01")), list(p = "P2", s = day("2024-05-01"), e = NA)),
       ach = c(day("2024-02-10"), day("2024-03-01"), day("2024-05-15"), day("2024-06-01"), day("2024-09-09"))),
  list(id = "b", start = day("2024-02-15"), archived = day("2024-11-01"),
       windows = list(list(p = "P1", s = day("2024-01-01"), e = day("2024-04-01"))),
       ach = c(day("2024-03-20"), day("2024-07-07"), day("2024-12-01"))),
  list(id = "c", start = day("2023-10-01"), archived = NA,
       windows = list(),
       ach = c(day("2023-12-01"), day("2024-04-04"), day("2024-08-08"), day("2024-10-10"))),
  list(id = "d", start = day("2024-04-01"), archived = NA,
       windows = list(list(p = "P3", s = day("2024-04-01"), e = day("2024-10-01")), list(p = "P1", s = day("2024-10-01"), e = day("2024-12-01"))),
       ach = c(day("2024-04-01"), day("2024-05-05"), day("2024-10-01"), day("2024-12-01")))
)
asOf <- day("2025-01-01"); from <- day("2024-01-01"); to <- asOf

inWin <- function(t, w) t >= w$s && (is.na(w$e) || t < w$e)
clip <- function(s, e, lo, hi) max(0, min(e, hi) - max(s, lo))
unionLength <- function(ws, lo, hi) {
  if (length(ws) == 0) return(0)
  pts <- sort(unique(c(lo, hi, unlist(lapply(ws, function(w) c(max(w$s, lo), min(ifelse(is.na(w$e), hi, w$e), hi)))))))
  total <- 0
  for (i in seq_len(length(pts) - 1)) {
    mid <- (pts[i] + pts[i + 1]) / 2
    if (mid >= lo && mid < hi && any(sapply(ws, function(w) inWin(mid, w)))) total <- total + pts[i + 1] - pts[i]
  }
  total
}

total <- 0; during <- 0
xin <- 0; xout <- 0; tin <- 0; tout <- 0
prog <- list()
for (p in c("P1", "P2", "P3")) prog[[p]] <- list(total = 0, during = 0, xin = 0, tin = 0)
for (c in companies) {
  end <- min(to, ifelse(is.na(c$archived), Inf, c$archived))
  lo <- max(c$start, from)
  for (t in c$ach) {
    if (t >= from && t < to) {
      total <- total + 1
      if (any(sapply(c$windows, function(w) inWin(t, w)))) during <- during + 1
      for (p in unique(sapply(c$windows, function(w) w$p))) {
        prog[[p]]$total <- prog[[p]]$total + 1
        if (any(sapply(Filter(function(w) w$p == p, c$windows), function(w) inWin(t, w)))) prog[[p]]$during <- prog[[p]]$during + 1
      }
    }
    if (t >= lo && t < end) {
      if (any(sapply(c$windows, function(w) inWin(t, w)))) xin <- xin + 1 else xout <- xout + 1
      for (p in unique(sapply(c$windows, function(w) w$p))) {
        if (any(sapply(Filter(function(w) w$p == p, c$windows), function(w) inWin(t, w)))) prog[[p]]$xin <- prog[[p]]$xin + 1
      }
    }
  }
  if (end > lo) {
    inside <- unionLength(c$windows, lo, end)
    tin <- tin + inside; tout <- tout + (end - lo - inside)
    for (p in unique(sapply(c$windows, function(w) w$p))) {
      prog[[p]]$tin <- prog[[p]]$tin + unionLength(Filter(function(w) w$p == p, c$windows), lo, end)
    }
  }
}
lift <- poisson.test(c(xin, xout), c(tin / year, tout / year))
byProgram <- lapply(names(prog), function(p) {
  v <- prog[[p]]
  r <- if (v$tin > 0) poisson.test(c(v$xin, xout), c(v$tin / year, tout / year)) else NULL
  list(program = p, achievements = v$total, during = v$during, insideEvents = v$xin, insideYears = v$tin / year,
       lift = if (is.null(r)) "NaN" else num(unname(r$estimate)),
       ciLow = if (is.null(r)) "NaN" else num(r$conf.int[1]), ciHigh = if (is.null(r)) "NaN" else num(r$conf.int[2]))
})
scenario <- list(achievements = total, during = during, insideEvents = xin, outsideEvents = xout,
                 insideYears = tin / year, outsideYears = tout / year,
                 lift = num(unname(lift$estimate)), ciLow = num(lift$conf.int[1]), ciHigh = num(lift$conf.int[2]), pValue = num(lift$p.value),
                 byProgram = byProgram)

cat(toJSON(list(r = R.version.string, poisson = poisson, binomial = binomial, beta = beta, scenario = scenario), auto_unbox = TRUE, digits = NA, pretty = TRUE))
