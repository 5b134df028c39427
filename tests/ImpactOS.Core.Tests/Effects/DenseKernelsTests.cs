using ImpactOS.Core.Effects;

namespace ImpactOS.Core.Tests.Effects;

public sealed class DenseKernelsTests
{
    // Sizes around the vector width (4 on AVX2, 8 on AVX-512), so both the vector loop and the tail run.
    public static TheoryData<int> Sizes => [1, 3, 4, 5, 8, 9, 41];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SubtractFormUpperTakesTheSymmetricFormFromTheUpperTriangleOfEachSquare(int p)
    {
        var random = new Random(p);
        var x = Vector(random, p);
        var y = Vector(random, p);
        x[0] = 0; // a zero mean (a program nobody at risk is in) must not stop the rest of its row
        y[0] = 0;
        double c11 = 0.7, c12 = -0.3, c22 = 1.9, g = -0.45, g2 = 0.2025;
        var square = Vector(random, p * p);
        var second = Vector(random, p * p);
        var third = Vector(random, p * p);
        var (s1, s2, s3) = ((double[])square.Clone(), (double[])second.Clone(), (double[])third.Clone());

        DenseKernels.SubtractFormUpper(square, second, g, third, g2, c11, c12, c22, x, y);

        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var k = (i * p) + j;
                var q = j >= i ? (c11 * x[i] * x[j]) + (c12 * ((x[i] * y[j]) + (y[i] * x[j]))) + (c22 * y[i] * y[j]) : 0;
                Assert.Equal(s1[k] - q, square[k], 1e-12);
                Assert.Equal(s2[k] - (g * q), second[k], 1e-12);
                Assert.Equal(s3[k] - (g2 * q), third[k], 1e-12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void WithoutASecondVectorTheFormIsOneOuterProductAndMissingSquaresAreLeftOut(int p)
    {
        var random = new Random(100 + p);
        var x = Vector(random, p);
        var square = Vector(random, p * p);
        var before = (double[])square.Clone();

        DenseKernels.SubtractFormUpper(square, null, 0, null, 0, 2.5, 0, 0, x, null);

        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var k = (i * p) + j;
                var expected = j >= i ? before[k] - ((2.5 * x[i]) * x[j]) : before[k];
                Assert.Equal(expected, square[k]); // the same operations as a scaled outer product: to the last bit
            }
        }
    }

    [Fact]
    public void ASquareTooSmallIsRefusedBeforeAnythingIsWritten()
    {
        var square = new double[8];
        Assert.Throws<ArgumentException>(() => DenseKernels.SubtractFormUpper(square, null, 0, null, 0, 1, 0, 0, [1, 2, 3], null));
        Assert.All(square, v => Assert.Equal(0, v));
    }

    private static double[] Vector(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 4) - 2)];
}
