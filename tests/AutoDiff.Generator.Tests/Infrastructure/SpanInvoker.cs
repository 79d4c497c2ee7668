using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Calls a static method by reflection even when it takes spans, which reflection cannot box: arrays
/// stand in for <c>ReadOnlySpan&lt;T&gt;</c> and <c>Span&lt;T&gt;</c> arguments (a span over the same
/// array, so writes land in it), <c>in</c> arguments are passed from a copy, and <c>out</c> results come back in
/// the argument array. An instance method is called on <c>target</c> (a boxed struct is called in place).
/// </summary>
internal static class SpanInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<object?, object?[], object?>> Thunks = new();

    public static object? Invoke(MethodInfo method, object?[] arguments) => Invoke(method, null, arguments);

    public static object? Invoke(MethodInfo method, object? target, object?[] arguments) => Thunks.GetOrAdd(method, Build)(target, arguments);

    private static Func<object?, object?[], object?> Build(MethodInfo method)
    {
        ParameterInfo[] parameters = method.GetParameters();
        var dynamic = new DynamicMethod("Call" + method.Name, typeof(object), new[] { typeof(object), typeof(object?[]) }, typeof(SpanInvoker).Module, skipVisibility: true);
        ILGenerator il = dynamic.GetILGenerator();
        if (!method.IsStatic)
        {
            Type owner = method.DeclaringType!;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(owner.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, owner);
        }

        var outLocals = new LocalBuilder?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            Type type = parameters[i].ParameterType;
            if (type.IsByRef)
            {
                Type element = type.GetElementType()!;
                outLocals[i] = il.DeclareLocal(element);
                if (!parameters[i].IsOut)
                {
                    // in and ref readonly: the argument, from a local.
                    il.Emit(OpCodes.Ldarg_1);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(element.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, element);
                    il.Emit(OpCodes.Stloc, outLocals[i]!);
                }

                il.Emit(OpCodes.Ldloca, outLocals[i]!);
                continue;
            }

            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>) || type.GetGenericTypeDefinition() == typeof(Span<>)))
            {
                Type array = type.GetGenericArguments()[0].MakeArrayType();
                il.Emit(OpCodes.Castclass, array);
                il.Emit(OpCodes.Call, type.GetMethod("op_Implicit", new[] { array })!);
            }
            else if (type.IsValueType)
            {
                il.Emit(OpCodes.Unbox_Any, type);
            }
            else
            {
                il.Emit(OpCodes.Castclass, type);
            }
        }

        il.Emit(method.IsStatic || method.DeclaringType!.IsValueType ? OpCodes.Call : OpCodes.Callvirt, method);
        LocalBuilder? result = null;
        if (method.ReturnType != typeof(void))
        {
            result = il.DeclareLocal(method.ReturnType);
            il.Emit(OpCodes.Stloc, result);
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            if (outLocals[i] is { } local)
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldloc, local);
                il.Emit(OpCodes.Box, local.LocalType);
                il.Emit(OpCodes.Stelem_Ref);
            }
        }

        if (result is null)
        {
            il.Emit(OpCodes.Ldnull);
        }
        else
        {
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Box, result.LocalType);
        }

        il.Emit(OpCodes.Ret);
        return (Func<object?, object?[], object?>)dynamic.CreateDelegate(typeof(Func<object?, object?[], object?>));
    }
}
