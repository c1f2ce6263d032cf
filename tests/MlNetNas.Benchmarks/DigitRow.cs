using Microsoft.ML.Data;

namespace MlNetNas.Benchmarks;

/// <summary>A row of data/digits.csv as an app holds it: 64 pixel columns p0…p63 (the label is not an input).</summary>
public sealed class DigitRow
{
    [ColumnName("p0")]
    public float P0 { get; set; }

    [ColumnName("p1")]
    public float P1 { get; set; }

    [ColumnName("p2")]
    public float P2 { get; set; }

    [ColumnName("p3")]
    public float P3 { get; set; }

    [ColumnName("p4")]
    public float P4 { get; set; }

    [ColumnName("p5")]
    public float P5 { get; set; }

    [ColumnName("p6")]
    public float P6 { get; set; }

    [ColumnName("p7")]
    public float P7 { get; set; }

    [ColumnName("p8")]
    public float P8 { get; set; }

    [ColumnName("p9")]
    public float P9 { get; set; }

    [ColumnName("p10")]
    public float P10 { get; set; }

    [ColumnName("p11")]
    public float P11 { get; set; }

    [ColumnName("p12")]
    public float P12 { get; set; }

    [ColumnName("p13")]
    public float P13 { get; set; }

    [ColumnName("p14")]
    public float P14 { get; set; }

    [ColumnName("p15")]
    public float P15 { get; set; }

    [ColumnName("p16")]
    public float P16 { get; set; }

    [ColumnName("p17")]
    public float P17 { get; set; }

    [ColumnName("p18")]
    public float P18 { get; set; }

    [ColumnName("p19")]
    public float P19 { get; set; }

    [ColumnName("p20")]
    public float P20 { get; set; }

    [ColumnName("p21")]
    public float P21 { get; set; }

    [ColumnName("p22")]
    public float P22 { get; set; }

    [ColumnName("p23")]
    public float P23 { get; set; }

    [ColumnName("p24")]
    public float P24 { get; set; }

    [ColumnName("p25")]
    public float P25 { get; set; }

    [ColumnName("p26")]
    public float P26 { get; set; }

    [ColumnName("p27")]
    public float P27 { get; set; }

    [ColumnName("p28")]
    public float P28 { get; set; }

    [ColumnName("p29")]
    public float P29 { get; set; }

    [ColumnName("p30")]
    public float P30 { get; set; }

    [ColumnName("p31")]
    public float P31 { get; set; }

    [ColumnName("p32")]
    public float P32 { get; set; }

    [ColumnName("p33")]
    public float P33 { get; set; }

    [ColumnName("p34")]
    public float P34 { get; set; }

    [ColumnName("p35")]
    public float P35 { get; set; }

    [ColumnName("p36")]
    public float P36 { get; set; }

    [ColumnName("p37")]
    public float P37 { get; set; }

    [ColumnName("p38")]
    public float P38 { get; set; }

    [ColumnName("p39")]
    public float P39 { get; set; }

    [ColumnName("p40")]
    public float P40 { get; set; }

    [ColumnName("p41")]
    public float P41 { get; set; }

    [ColumnName("p42")]
    public float P42 { get; set; }

    [ColumnName("p43")]
    public float P43 { get; set; }

    [ColumnName("p44")]
    public float P44 { get; set; }

    [ColumnName("p45")]
    public float P45 { get; set; }

    [ColumnName("p46")]
    public float P46 { get; set; }

    [ColumnName("p47")]
    public float P47 { get; set; }

    [ColumnName("p48")]
    public float P48 { get; set; }

    [ColumnName("p49")]
    public float P49 { get; set; }

    [ColumnName("p50")]
    public float P50 { get; set; }

    [ColumnName("p51")]
    public float P51 { get; set; }

    [ColumnName("p52")]
    public float P52 { get; set; }

    [ColumnName("p53")]
    public float P53 { get; set; }

    [ColumnName("p54")]
    public float P54 { get; set; }

    [ColumnName("p55")]
    public float P55 { get; set; }

    [ColumnName("p56")]
    public float P56 { get; set; }

    [ColumnName("p57")]
    public float P57 { get; set; }

    [ColumnName("p58")]
    public float P58 { get; set; }

    [ColumnName("p59")]
    public float P59 { get; set; }

    [ColumnName("p60")]
    public float P60 { get; set; }

    [ColumnName("p61")]
    public float P61 { get; set; }

    [ColumnName("p62")]
    public float P62 { get; set; }

    [ColumnName("p63")]
    public float P63 { get; set; }

    /// <summary>Sets pixel <paramref name="index"/>.</summary>
    public void Set(int index, float value)
    {
        switch (index)
        {
            case 0: P0 = value; break;
            case 1: P1 = value; break;
            case 2: P2 = value; break;
            case 3: P3 = value; break;
            case 4: P4 = value; break;
            case 5: P5 = value; break;
            case 6: P6 = value; break;
            case 7: P7 = value; break;
            case 8: P8 = value; break;
            case 9: P9 = value; break;
            case 10: P10 = value; break;
            case 11: P11 = value; break;
            case 12: P12 = value; break;
            case 13: P13 = value; break;
            case 14: P14 = value; break;
            case 15: P15 = value; break;
            case 16: P16 = value; break;
            case 17: P17 = value; break;
            case 18: P18 = value; break;
            case 19: P19 = value; break;
            case 20: P20 = value; break;
            case 21: P21 = value; break;
            case 22: P22 = value; break;
            case 23: P23 = value; break;
            case 24: P24 = value; break;
            case 25: P25 = value; break;
            case 26: P26 = value; break;
            case 27: P27 = value; break;
            case 28: P28 = value; break;
            case 29: P29 = value; break;
            case 30: P30 = value; break;
            case 31: P31 = value; break;
            case 32: P32 = value; break;
            case 33: P33 = value; break;
            case 34: P34 = value; break;
            case 35: P35 = value; break;
            case 36: P36 = value; break;
            case 37: P37 = value; break;
            case 38: P38 = value; break;
            case 39: P39 = value; break;
            case 40: P40 = value; break;
            case 41: P41 = value; break;
            case 42: P42 = value; break;
            case 43: P43 = value; break;
            case 44: P44 = value; break;
            case 45: P45 = value; break;
            case 46: P46 = value; break;
            case 47: P47 = value; break;
            case 48: P48 = value; break;
            case 49: P49 = value; break;
            case 50: P50 = value; break;
            case 51: P51 = value; break;
            case 52: P52 = value; break;
            case 53: P53 = value; break;
            case 54: P54 = value; break;
            case 55: P55 = value; break;
            case 56: P56 = value; break;
            case 57: P57 = value; break;
            case 58: P58 = value; break;
            case 59: P59 = value; break;
            case 60: P60 = value; break;
            case 61: P61 = value; break;
            case 62: P62 = value; break;
            case 63: P63 = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(index));
        }
    }
}
