namespace KpiFunctions.App.Goals;

/// <summary>Registers the goal store.</summary>
public static class GoalsFeature
{
    public static IServiceCollection AddGoals(this IServiceCollection services) => services.AddSingleton<GoalStore>();
}
