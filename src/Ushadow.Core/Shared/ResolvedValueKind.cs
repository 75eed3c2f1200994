// This file is shared: Ushadow.Core compiles it, and the source generator (netstandard2.0) links it,
// so the build, the tool and the generated class agree on one list of resolved values.
using System.Collections.Generic;
using System.Text;
using System;

namespace Ushadow.Core.Shared;

/// <summary>How a resolved value is typed in the generated <c>UshadowSettings</c> class.</summary>
internal enum ResolvedValueKind
{
    /// <summary>A string.</summary>
    Text,
    /// <summary>A whole number.</summary>
    Number,
    /// <summary><c>shared</c> or <c>isolated</c>.</summary>
    DatabaseMode,
}
