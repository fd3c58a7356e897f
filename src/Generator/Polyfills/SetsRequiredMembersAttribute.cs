namespace System.Diagnostics.CodeAnalysis;

/// <summary>Lets records with <c>required</c> properties compile for netstandard2.0 (their copy constructor carries it).</summary>
[AttributeUsage(AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
internal sealed class SetsRequiredMembersAttribute : Attribute
{
}
