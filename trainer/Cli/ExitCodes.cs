namespace FashionServerless.Trainer.Cli;

/// <summary>The process exit codes, documented in <c>--help</c> and the README; scripts branch on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything not classified below: a bug or an unexpected environment problem.</summary>
    public const int Generic = 1;

    /// <summary>The command line itself is wrong: unknown option, missing or conflicting arguments.</summary>
    public const int Usage = 2;

    /// <summary>The input data is wrong: missing folder, bad or empty class folder, unreadable image.</summary>
    public const int Data = 3;

    /// <summary>Storage is unreachable, refused the request, or the storage setting is malformed.</summary>
    public const int Storage = 4;

    /// <summary>A model is missing, corrupt, does not match its manifest, or none is promoted.</summary>
    public const int Model = 5;

    /// <summary>The ONNX export does not reproduce the trained network (parity check failed).</summary>
    public const int Export = 6;

    /// <summary>The registry refused a write: the version exists already, or another writer moved the pointer.</summary>
    public const int Conflict = 7;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;

    public const string HelpText =
        "Exit codes: 0 success (a promotion refused by the gate is a success); 1 unexpected error; 2 usage; "
        + "3 data (missing folder, bad or empty class folder, unreadable image); 4 storage (unreachable, refused, bad setting); "
        + "5 model (missing, corrupt, hash mismatch, none promoted); 6 ONNX export parity failure; "
        + "7 registry conflict (version exists, pointer moved); 130 cancelled.";
}
