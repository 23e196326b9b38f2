using System.ComponentModel;

namespace Declarative.AgentFramework.Tests;

/// <summary>Generated tools for the tests: one read-only, one that must be approved.</summary>
public sealed partial class Ledger
{
    /// <summary>How often <see cref="Refund"/> actually ran.</summary>
    public int Refunds { get; private set; }

    /// <summary>How often <see cref="Balance"/> actually ran.</summary>
    public int BalanceCalls { get; private set; }

    [Tool(ReadOnly = true, Description = "Gets an account's balance.")]
    public decimal Balance([Description("The account.")] string account)
    {
        BalanceCalls++;
        return account.Length * 10m;
    }

    [Tool(RequiresApproval = true, Description = "Refunds an amount to an account.")]
    public string Refund([Description("The account.")] string account, [Description("The amount.")] decimal amount)
    {
        Refunds++;
        return $"refunded {amount} to {account}";
    }
}
