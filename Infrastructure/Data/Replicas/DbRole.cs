namespace PeakShop.Infrastructure.Data.Replicas;

public enum DbRole
{
    Primary,
    Standby,
}
