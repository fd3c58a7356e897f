namespace System.Runtime.CompilerServices;

/// <summary>Lets specs declare <c>required</c> properties for netstandard2.0, which lacks this marker type.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
internal sealed class RequiredMemberAttribute : Attribute
{
}
