using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class AalenJohansenTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void WithOnlyMilestonesTheIncidenceIsOneMinusKaplanMeier()
    {
        SurvivalObservation[] observations = [new(1, true), new(2, true), new(2, false), new(4, true), new(7, false), new(9, true)];

        var curve = AalenJohansen.Fit(observations.Select(o => new StepEndObservation(o.Time, o.Event ? StepEnd.Milestone : StepEnd.Censored)));
        var km = KaplanMeier.Fit(observations);

        Assert.Equal(km.Points.Count, curve.Points.Count);
        for (var i = 0; i < km.Points.Count; i++)
        {
            Assert.Equal(1 - km.Points[i].Survival, curve.Points[i].Milestone, Tolerance);
            Assert.Equal(km.Points[i].Survival, curve.Points[i].Open, Tolerance);
            Assert.Equal(km.Points[i].AtRisk, curve.Points[i].AtRisk);
        }
    }

    [Fact]
    public void EndsAtOneTimeShareTheOpenShareBeforeItAndCensoringsThereAreStillAtRisk()
    {
        // Six at risk at day 3: one milestone, one shutdown, one acquisition and one censoring.
        var curve = AalenJohansen.Fit(
        [
            new(3, StepEnd.Milestone), new(3, StepEnd.ShutDown), new(3, StepEnd.Acquired), new(3, StepEnd.Censored),
            new(5, StepEnd.Milestone), new(8, StepEnd.Censored),
        ]);

        var atThree = curve.Points[0];
        Assert.Equal(6, atThree.AtRisk);
        Assert.Equal(1.0 / 6, atThree.Milestone, Tolerance);
        Assert.Equal(1.0 / 6, atThree.ShutDown, Tolerance);
        Assert.Equal(1.0 / 6, atThree.Acquired, Tolerance);
        Assert.Equal(0.5, atThree.Open, Tolerance);

        var atFive = curve.Points[1];
        Assert.Equal(2, atFive.AtRisk);
        Assert.Equal((1.0 / 6) + (0.5 / 2), atFive.Milestone, Tolerance);
    }

    [Fact]
    public void SharesAddUpToOneAtEveryTime()
    {
        var random = new Random(18);
        var observations = Enumerable.Range(0, 20_000)
            .Select(_ => new StepEndObservation(Math.Round(random.NextDouble() * 900), (StepEnd)random.Next(4)))
            .ToArray();

        var curve = AalenJohansen.Fit(observations);

        Assert.Equal(20_000, curve.N);
        foreach (var point in curve.Points)
        {
            Assert.Equal(1.0, point.Open + point.Milestone + point.ShutDown + point.Acquired, 1e-9);
            Assert.True(point.StandardError.Milestone >= 0 && point.StandardError.Open >= 0);
        }
    }

    [Fact]
    public void AtIsRightContinuousAndEveryoneIsOpenBeforeTheFirstTime()
    {
        var curve = AalenJohansen.Fit([new(2, StepEnd.Milestone), new(4, StepEnd.ShutDown), new(6, StepEnd.Censored)]);

        Assert.Equal(new StepEndShares(1, 0, 0, 0), curve.At(1.9));
        Assert.Equal(1.0 / 3, curve.At(2).Milestone, Tolerance);
        Assert.Equal(1.0 / 3, curve.At(3.5).Milestone, Tolerance);
        Assert.Equal(1.0 / 3, curve.At(4).ShutDown, Tolerance);
        Assert.Equal(curve.At(6), curve.At(1000));
        Assert.Equal(new StepEndShares(1, 0, 0, 0), CumulativeIncidenceCurve.Empty.At(10));
    }

    [Fact]
    public void FittingTimesByEndGivesTheSameCurveAsFittingObservations()
    {
        var byObservation = AalenJohansen.Fit(
            [new(5, StepEnd.Acquired), new(1, StepEnd.Milestone), new(3, StepEnd.ShutDown), new(3, StepEnd.Milestone), new(4, StepEnd.Censored)]);

        var byEnd = AalenJohansen.Fit([1, 3], [3], [5], [4]);

        Assert.Equal(byObservation.Points, byEnd.Points);
        Assert.Equal((2, 1, 1, 1), (byEnd.Milestones, byEnd.ShutDowns, byEnd.Acquisitions, byEnd.Censored));
    }

    [Fact]
    public void StandardErrorsOfALargeCohortEqualTheJackknifeSummedCompanyByCompany()
    {
        // The fit sums the squared derivatives in O(1) per time; here they are summed over every
        // company at every time, straight from the definition, for 20,000 companies whose open share
        // falls to a few in ten thousand (where cancellation in the running sums would show).
        var random = new Random(20261202);
        var observations = Enumerable.Range(0, 20_000)
            .Select(_ => new StepEndObservation(Math.Round(-Math.Log(1 - random.NextDouble()) * 150), (StepEnd)random.Next(4)))
            .ToArray();

        var curve = AalenJohansen.Fit(observations);
        var expected = JackknifeStandardErrors(observations, curve);

        var largest = 0.0;
        for (var i = 0; i < curve.Points.Count; i++)
        {
            var actual = curve.Points[i].StandardError;
            largest = Math.Max(largest, Math.Abs(expected[i].Open - actual.Open));
            largest = Math.Max(largest, Math.Abs(expected[i].Milestone - actual.Milestone));
            largest = Math.Max(largest, Math.Abs(expected[i].ShutDown - actual.ShutDown));
            largest = Math.Max(largest, Math.Abs(expected[i].Acquired - actual.Acquired));
        }

        Assert.True(curve.Points[^2].Open < 1e-3, $"open share {curve.Points[^2].Open}");
        Assert.True(largest < 1e-9, $"largest difference {largest}");
    }

    /// <summary>The infinitesimal jackknife by its definition: each company's derivative followed through every time.</summary>
    private static StepEndShares[] JackknifeStandardErrors(StepEndObservation[] observations, CumulativeIncidenceCurve curve)
    {
        var count = observations.Length;
        var openDerivative = new double[count];
        var incidenceDerivative = new double[count, 3];
        var result = new StepEndShares[curve.Points.Count];
        double open = 1;
        for (var j = 0; j < curve.Points.Count; j++)
        {
            var point = curve.Points[j];
            double n = point.AtRisk;
            double[] ends = [0, 0, 0];
            foreach (var o in observations)
            {
                if (o.Time == point.Time && o.End != StepEnd.Censored)
                {
                    ends[(int)o.End - 1]++;
                }
            }

            var events = ends[0] + ends[1] + ends[2];
            double sumOpen = 0, sumMilestone = 0, sumShutDown = 0, sumAcquired = 0;
            for (var i = 0; i < count; i++)
            {
                var o = observations[i];
                var atRisk = o.Time >= point.Time ? 1.0 : 0.0;
                var endsHere = o.Time == point.Time && o.End != StepEnd.Censored ? 1.0 : 0.0;
                var before = openDerivative[i];
                openDerivative[i] = (before * (1 - (events / n))) - (open * (endsHere - (atRisk * events / n)) / n);
                for (var kind = 0; kind < 3; kind++)
                {
                    var ownEnd = endsHere == 1 && (int)o.End - 1 == kind ? 1.0 : 0.0;
                    incidenceDerivative[i, kind] += (before * ends[kind] / n) + (open * (ownEnd - (atRisk * ends[kind] / n)) / n);
                }

                sumOpen += openDerivative[i] * openDerivative[i];
                sumMilestone += incidenceDerivative[i, 0] * incidenceDerivative[i, 0];
                sumShutDown += incidenceDerivative[i, 1] * incidenceDerivative[i, 1];
                sumAcquired += incidenceDerivative[i, 2] * incidenceDerivative[i, 2];
            }

            open *= (n - events) / n;
            result[j] = new StepEndShares(Math.Sqrt(sumOpen), Math.Sqrt(sumMilestone), Math.Sqrt(sumShutDown), Math.Sqrt(sumAcquired));
        }

        return result;
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NegativeOrNonFiniteTimesAreRefused(double time)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AalenJohansen.Fit([new(2, StepEnd.Milestone), new(time, StepEnd.ShutDown)]));
    }

    [Fact]
    public void AnUnknownEndIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AalenJohansen.Fit([new(2, (StepEnd)7)]));
    }
}
